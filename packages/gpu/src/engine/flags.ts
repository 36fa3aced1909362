/**
 * WebGPU's flag values, fixed by the spec. The engine spells them itself
 * rather than reading the GPUBufferUsage/GPUMapMode/GPUShaderStage globals,
 * which do not exist where WebGPU doesn't (Node without the `webgpu`
 * globals, jsdom): importing this package must work everywhere, and fail
 * only when an engine is created.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
  QUERY_RESOLVE: 0x0200,
} as const;

export const MapMode = { READ: 0x0001 } as const;

export const ShaderStage = { COMPUTE: 0x0004 } as const;
