/**
 * L, its gradient and its Hessian at single points of a resolved model, for
 * the fitting and optimizing loops: one pass over the data for the value and
 * both partials (the same arithmetic as the landscape's cells, bit for bit).
 */
import { hessianKernel, pointKernel } from './kernels.js';
import type { ModelPoint, ResolvedModel } from './model.js';

export interface PointEval {
  readonly value: number;
  readonly w: number;
  readonly b: number;
  /** Σ|∂ℓᵢ/∂w| and Σ|∂ℓᵢ/∂b| (weighted, reduced, ridge included): what a gradient is small against. */
  readonly scaleW: number;
  readonly scaleB: number;
}

export interface Hessian {
  readonly ww: number;
  readonly wb: number;
  readonly bb: number;
}

export class ModelEvaluator {
  private readonly out = new Float64Array(5);
  private readonly weighted: boolean;
  /** Evaluations so far (passes over the data): a cost the fitting loops bound. */
  passes = 0;

  constructor(readonly model: ResolvedModel) {
    this.weighted = model.data.weight !== null;
  }

  at(p: ModelPoint): PointEval {
    const { model, out } = this;
    pointKernel(model.loss, this.weighted)(p.w, p.b, model.data, model.hyper, out);
    this.passes++;
    return { value: out[0]!, w: out[1]!, b: out[2]!, scaleW: out[3]!, scaleB: out[4]! };
  }

  value(p: ModelPoint): number {
    return this.at(p).value;
  }

  /**
   * The Hessian: symbolic second derivatives where the term has them, else
   * central differences of the exact gradient.
   */
  hessian(p: ModelPoint): Hessian {
    const { model, out } = this;
    const kernel = hessianKernel(model.loss, this.weighted);
    if (kernel) {
      kernel(p.w, p.b, model.data, model.hyper, out);
      this.passes++;
      if (Number.isFinite(out[0]) && Number.isFinite(out[1]) && Number.isFinite(out[2]))
        return { ww: out[0]!, wb: out[1]!, bb: out[2]! };
    }
    return this.differencedHessian(p);
  }

  private differencedHessian(p: ModelPoint): Hessian {
    const hw = 1e-6 * Math.max(Math.abs(p.w), 1e-3);
    const hb = 1e-6 * Math.max(Math.abs(p.b), 1e-3);
    const wPlus = this.at({ w: p.w + hw, b: p.b });
    const wMinus = this.at({ w: p.w - hw, b: p.b });
    const bPlus = this.at({ w: p.w, b: p.b + hb });
    const bMinus = this.at({ w: p.w, b: p.b - hb });
    const ww = (wPlus.w - wMinus.w) / (2 * hw);
    const bb = (bPlus.b - bMinus.b) / (2 * hb);
    const wb = 0.5 * ((wPlus.b - wMinus.b) / (2 * hw) + (bPlus.w - bMinus.w) / (2 * hb));
    return { ww, wb, bb };
  }
}
