/** A camera in a link: five numbers (yaw, pitch, distance, target x, target y), each within the camera's limits. */
import { CAMERA_LIMITS } from '../render/camera';
import type { CameraState } from './types.js';

/** The camera `text` spells, or undefined when it is not five numbers in range. */
export function parseCameraText(
  text: string,
  parseNumber: (text: string | undefined) => number | undefined,
): CameraState | undefined {
  const parts = text.split(',').map((t) => parseNumber(t));
  const [yaw, pitch, distance, targetX, targetY] = parts;
  if (
    parts.length === 5 &&
    yaw !== undefined &&
    pitch !== undefined &&
    distance !== undefined &&
    targetX !== undefined &&
    targetY !== undefined &&
    Math.abs(yaw) <= Math.PI &&
    Math.abs(pitch) <= CAMERA_LIMITS.pitch &&
    distance >= CAMERA_LIMITS.minDistance &&
    distance <= CAMERA_LIMITS.maxDistance &&
    Math.abs(targetX) <= CAMERA_LIMITS.target &&
    Math.abs(targetY) <= CAMERA_LIMITS.target
  )
    return { yaw, pitch, distance, targetX, targetY };
  return undefined;
}
