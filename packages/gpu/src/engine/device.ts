/** Finding a GPU: the WebGPU entry point, an adapter, and a device with the adapter's full buffer limits. */
import { errorText, GpuError } from '../errors.js';

export interface AdapterLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
}

export interface AdapterDescription {
  readonly description: string;
  readonly vendor: string;
  readonly architecture: string;
  /** A CPU implementation (SwiftShader, llvmpipe, WARP): correct but slow. */
  readonly isSoftware: boolean;
  /** The device's features, sorted. */
  readonly features: string[];
  /** The device's limits (the adapter's maxima, which the engine requests). */
  readonly limits: AdapterLimits;
}

export interface DeviceOptions {
  /** The WebGPU entry point: `navigator.gpu` by default; in Node, `create([])` from the `webgpu` package. */
  readonly gpu?: GPU;
  /** A device to use instead of requesting one (the engine then never destroys it). */
  readonly device?: GPUDevice;
  readonly powerPreference?: GPUPowerPreference;
}

export interface OpenedDevice {
  readonly device: GPUDevice;
  readonly adapter: AdapterDescription;
  /** Whether the engine requested the device (and so destroys it). */
  readonly owned: boolean;
  /** Kept referenced for as long as the device lives: in Node, Dawn tears every device down when its instance is collected. */
  readonly instance: GPU | undefined;
}

/** Whether a WebGPU entry point exists (`gpu`, or `navigator.gpu`). It says nothing about adapters: createSweepEngine does. */
export function isWebGpuAvailable(gpu?: GPU): boolean {
  return (gpu ?? defaultGpu()) !== undefined;
}

function defaultGpu(): GPU | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu ?? undefined;
}

const softwareName = /swiftshader|llvmpipe|lavapipe|softpipe|warp|microsoft basic render|software/i;

function describe(
  info: GPUAdapterInfo | undefined,
  device: GPUDevice,
  fallback: boolean,
): AdapterDescription {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const description =
    info?.description || [vendor, architecture, info?.device ?? ''].filter(Boolean).join(' ');
  const l = device.limits;
  return {
    description,
    vendor,
    architecture,
    isSoftware: fallback || softwareName.test(description) || softwareName.test(vendor),
    features: [...device.features].sort(),
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  };
}

/** Opens (or adopts) a device; every failure is a GpuError with the reason. */
export async function openDevice(options: DeviceOptions): Promise<OpenedDevice> {
  if (options.device) {
    const device = options.device;
    const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    return { device, adapter: describe(info, device, false), owned: false, instance: options.gpu };
  }
  const gpu = options.gpu ?? defaultGpu();
  if (!gpu) {
    throw new GpuError(
      'no-webgpu',
      'navigator.gpu is undefined: this browser or runtime does not expose WebGPU',
    );
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter(
      options.powerPreference ? { powerPreference: options.powerPreference } : undefined,
    );
  } catch (error) {
    throw new GpuError('no-adapter', `requestAdapter() failed: ${errorText(error)}`, { cause: error });
  }
  if (!adapter) {
    throw new GpuError(
      'no-adapter',
      'requestAdapter() found no adapter (no supported GPU or driver, or WebGPU is disabled or blocklisted)',
    );
  }
  const wanted: GPUFeatureName[] = ['timestamp-query'];
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredFeatures: wanted.filter((f) => adapter.features.has(f)),
      requiredLimits: {
        // The largest sweep that fits one buffer: 1 GiB is 16384² f32.
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
  } catch (error) {
    throw new GpuError('device-request-failed', errorText(error), { cause: error });
  }
  const fallback =
    (adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    device,
    adapter: describe(adapter.info, device, fallback || legacyFallback),
    owned: true,
    instance: gpu,
  };
}
