import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';
import { attrInts, attrString, attrStrings, topoOrder, type TfNode, type Weight } from './tfjs-graph.js';

/**
 * Converts the part of a TF.js graph up to `outputs` into an ONNX graph (opset 13). TF.js is
 * NHWC, ONNX convolutions NCHW: the input is transposed once, everything runs NCHW, and the
 * outputs are transposed back to NHWC so they compare one-to-one with TF.js.
 */
const { onnx } = onnxProto;
const NHWC_TO_NCHW_AXIS = [0, 2, 3, 1];
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const A = onnx.AttributeProto.AttributeType;

export function toOnnx(opts: { nodes: Map<string, TfNode>; weights: Map<string, Weight>; input: string; inputShape: number[]; graphInputSize?: [number, number]; outputs: { tf: string; name: string }[]; producer: string }) {
  const { nodes, weights } = opts;
  const out: OnnxTypes.INodeProto[] = [];
  const inits: OnnxTypes.ITensorProto[] = [];
  const shapes = new Map<string, number[]>(); // NCHW shapes of activations
  let uniq = 0;
  const tmp = (base: string) => `${base}__${uniq++}`;
  const f32 = (name: string, dims: number[], data: Float32Array) => inits.push({ name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) });
  const i64 = (name: string, values: number[]) => inits.push({ name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer) });
  const node = (op: string, inputs: string[], output: string, attribute: OnnxTypes.IAttributeProto[] = []) => out.push({ opType: op, input: inputs, output: [output], name: tmp(op), attribute });
  const ints = (name: string, v: number[]): OnnxTypes.IAttributeProto => ({ name, type: A.INTS, ints: v });
  const int = (name: string, v: number): OnnxTypes.IAttributeProto => ({ name, type: A.INT, i: v });
  const str = (name: string, v: string): OnnxTypes.IAttributeProto => ({ name, type: A.STRING, s: Buffer.from(v) });
  const weight = (name: string) => {
    const w = weights.get(name.split(':')[0]);
    if (!w) throw new Error(`${name} is not a constant`);
    return w;
  };
  const isConst = (name: string) => nodes.get(name.split(':')[0])?.op === 'Const';
  const constDone = new Set<string>();

  /** A constant operand of an element-wise op, reshaped to broadcast against NCHW. */
  function elementwiseConst(name: string): string {
    const onnxName = `${name}__nchw`;
    if (constDone.has(onnxName)) return onnxName;
    constDone.add(onnxName);
    const w = weight(name);
    const data = Float32Array.from(w.data as Float32Array);
    if (w.shape.length === 0 || w.shape.every((d) => d === 1)) f32(onnxName, [], data.subarray(0, 1));
    else if (w.shape.length === 1) f32(onnxName, [w.shape[0], 1, 1], data);
    else if (w.shape.length === 4 && w.shape[0] === 1 && w.shape[1] === 1 && w.shape[2] === 1) f32(onnxName, [1, w.shape[3], 1, 1], data);
    else throw new Error(`constant ${name} of shape ${w.shape} cannot be broadcast in NCHW`);
    return onnxName;
  }

  function convWeights(name: string, depthwise: boolean): { name: string; kh: number; kw: number; outC: number; group: number } {
    const w = weight(name);
    const [kh, kw, ic, oc] = w.shape; // HWIO, or HWCM for depthwise
    const src = w.data as Float32Array;
    const onnxName = `${name}__oihw`;
    if (depthwise) {
      // HWCM → [C*M, 1, H, W]
      const dst = new Float32Array(src.length);
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let c = 0; c < ic; c++) for (let m = 0; m < oc; m++) dst[((c * oc + m) * kh + y) * kw + x] = src[((y * kw + x) * ic + c) * oc + m];
      if (!constDone.has(onnxName)) f32(onnxName, [ic * oc, 1, kh, kw], dst);
      constDone.add(onnxName);
      return { name: onnxName, kh, kw, outC: ic * oc, group: ic };
    }
    const dst = new Float32Array(src.length);
    for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < ic; i++) for (let o = 0; o < oc; o++) dst[((o * ic + i) * kh + y) * kw + x] = src[((y * kw + x) * ic + i) * oc + o];
    if (!constDone.has(onnxName)) f32(onnxName, [oc, ic, kh, kw], dst);
    constDone.add(onnxName);
    return { name: onnxName, kh, kw, outC: oc, group: 1 };
  }

  function conv(n: TfNode, depthwise: boolean, hasBias: boolean, fused: string[]) {
    const [x, w, b] = n.input!;
    const cw = convWeights(w, depthwise);
    const strides = attrInts(n.attr?.strides).slice(1, 3);
    const dil = attrInts(n.attr?.dilations).slice(1, 3);
    const dilations = dil.length === 2 ? dil : [1, 1];
    const padding = attrString(n.attr?.padding);
    const inputs = [x, cw.name];
    if (hasBias) {
      const bias = weight(b);
      const bn = `${b}__bias`;
      if (!constDone.has(bn)) f32(bn, [bias.shape[0]], Float32Array.from(bias.data as Float32Array));
      constDone.add(bn);
      inputs.push(bn);
    }
    const [, , h, wd] = shapes.get(x)!;
    const oh = padding === 'SAME' ? Math.ceil(h / strides[0]) : Math.floor((h - (cw.kh - 1) * dilations[0] - 1) / strides[0]) + 1;
    const ow = padding === 'SAME' ? Math.ceil(wd / strides[1]) : Math.floor((wd - (cw.kw - 1) * dilations[1] - 1) / strides[1]) + 1;
    const attrs = [ints('strides', strides), ints('dilations', dilations), ints('kernel_shape', [cw.kh, cw.kw]), int('group', cw.group)];
    if (padding === 'SAME') attrs.push(str('auto_pad', 'SAME_UPPER'));
    else if (padding !== 'VALID') throw new Error(`${n.name}: padding ${padding} not supported`);
    const activation = fused.find((f) => f !== 'BiasAdd');
    const convOut = activation ? tmp(n.name) : n.name;
    node('Conv', inputs, convOut, attrs);
    if (activation === 'Relu') node('Relu', [convOut], n.name);
    else if (activation === 'Relu6') relu6(convOut, n.name);
    else if (activation) throw new Error(`${n.name}: fused ${activation} not supported`);
    shapes.set(n.name, [1, cw.outC, oh, ow]);
  }

  function relu6(x: string, y: string) {
    if (!constDone.has('__zero')) {
      f32('__zero', [], new Float32Array([0]));
      f32('__six', [], new Float32Array([6]));
      constDone.add('__zero');
    }
    node('Clip', [x, '__zero', '__six'], y);
  }

  // The input: NHWC in, NCHW inside.
  const [n0, h0, w0, c0] = opts.inputShape;
  node('Transpose', ['input'], opts.input, [ints('perm', [0, 3, 1, 2])]);
  shapes.set(opts.input, [n0, c0, h0, w0]);

  for (const n of topoOrder(nodes, opts.outputs.map((o) => o.tf))) {
    const ins = n.input ?? [];
    switch (n.op) {
      case 'Const':
      case 'Placeholder':
        break;
      case '_FusedConv2D':
        conv(n, false, true, attrStrings(n.attr?.fused_ops));
        break;
      case 'FusedDepthwiseConv2dNative':
        conv(n, true, true, attrStrings(n.attr?.fused_ops));
        break;
      case 'DepthwiseConv2dNative':
        conv(n, true, false, []);
        break;
      case 'Conv2D':
        conv(n, false, false, []);
        break;
      case 'Add':
      case 'Mul':
      case 'Sub': {
        const [a, b] = ins.map((i) => (isConst(i) ? elementwiseConst(i) : i));
        node(n.op, [a, b], n.name);
        shapes.set(n.name, (isConst(ins[0]) ? shapes.get(ins[1]) : isConst(ins[1]) ? shapes.get(ins[0]) : shapes.get(ins[0]))!);
        break;
      }
      case 'Relu':
      case 'Sigmoid':
      case 'Identity':
        node(n.op, [ins[0]], n.name);
        shapes.set(n.name, shapes.get(ins[0])!);
        break;
      case 'Relu6':
        relu6(ins[0], n.name);
        shapes.set(n.name, shapes.get(ins[0])!);
        break;
      case 'Mean': {
        const axes = Array.from(weight(ins[1]).data as Int32Array).map((a) => NHWC_TO_NCHW_AXIS[a]);
        const keep = n.attr?.keep_dims?.b ? 1 : 0;
        node('ReduceMean', [ins[0]], n.name, [ints('axes', axes), int('keepdims', keep)]);
        const s = [...shapes.get(ins[0])!];
        for (const a of axes) s[a] = 1;
        shapes.set(n.name, s);
        break;
      }
      case 'ResizeBilinear': {
        // The graph's sizes are for its nominal input; another input size scales them alike.
        const [th, tw] = Array.from(weight(ins[1]).data as Int32Array);
        const [nh, nw] = opts.graphInputSize ?? [opts.inputShape[1], opts.inputShape[2]];
        const h = Math.round((th * opts.inputShape[1]) / nh);
        const w = Math.round((tw * opts.inputShape[2]) / nw);
        const [nn, cc] = shapes.get(ins[0])!;
        const sizes = `${n.name}__sizes`;
        i64(sizes, [nn, cc, h, w]);
        const mode = n.attr?.align_corners?.b ? 'align_corners' : n.attr?.half_pixel_centers?.b ? 'half_pixel' : 'asymmetric';
        node('Resize', [ins[0], '', '', sizes], n.name, [str('mode', 'linear'), str('coordinate_transformation_mode', mode)]);
        shapes.set(n.name, [nn, cc, h, w]);
        break;
      }
      case 'ConcatV2': {
        const parts = ins.slice(0, -1);
        const axis = NHWC_TO_NCHW_AXIS[(weight(ins[ins.length - 1]).data as Int32Array)[0]];
        node('Concat', parts, n.name, [int('axis', axis)]);
        const s = [...shapes.get(parts[0])!];
        s[axis] = parts.reduce((sum, p) => sum + shapes.get(p)![axis], 0);
        shapes.set(n.name, s);
        break;
      }
      default:
        throw new Error(`op ${n.op} (${n.name}) is not supported before the cut`);
    }
  }

  const outputs: OnnxTypes.IValueInfoProto[] = [];
  for (const o of opts.outputs) {
    node('Transpose', [o.tf], o.name, [ints('perm', [0, 2, 3, 1])]);
    const [n, c, h, w] = shapes.get(o.tf)!;
    outputs.push({ name: o.name, type: { tensorType: { elemType: FLOAT, shape: { dim: [n, h, w, c].map((d) => ({ dimValue: d })) } } } });
  }
  const model: OnnxTypes.IModelProto = {
    irVersion: 8,
    producerName: opts.producer,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'centernet',
      node: out,
      initializer: inits,
      input: [{ name: 'input', type: { tensorType: { elemType: FLOAT, shape: { dim: opts.inputShape.map((d) => ({ dimValue: d })) } } } }],
      output: outputs,
    },
  };
  return Buffer.from(onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish());
}
