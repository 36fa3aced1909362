import { type ColormapName, colormapLut, colormapNames, LUT_SIZE } from '../colormaps';

const textures = new WeakMap<GPUDevice, GPUTexture>();

/**
 * One 256 × N rgba8unorm texture per device holding every colormap's LUT, a
 * row each (in colormapNames order). Read with textureLoad, so the shader gets
 * exactly the LUT bytes; switching colormaps only changes a uniform.
 */
export function lutTexture(device: GPUDevice): GPUTexture {
  let texture = textures.get(device);
  if (texture) return texture;
  texture = device.createTexture({
    label: 'losslab colormap LUTs',
    size: [LUT_SIZE, colormapNames.length],
    format: 'rgba8unorm',
    usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
  });
  colormapNames.forEach((name, row) => {
    device.queue.writeTexture(
      { texture, origin: [0, row] },
      colormapLut(name),
      { bytesPerRow: LUT_SIZE * 4 },
      [LUT_SIZE, 1],
    );
  });
  textures.set(device, texture);
  return texture;
}

export function lutRow(name: ColormapName): number {
  const row = colormapNames.indexOf(name);
  if (row < 0) throw new RangeError(`unknown colormap '${String(name)}'`);
  return row;
}
