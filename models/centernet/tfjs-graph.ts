import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A TF.js graph model as shipped (model.json + one weights file), weights decoded to arrays. */
export type TfNode = { name: string; op: string; input?: string[]; attr?: Record<string, TfAttr> };
export type TfAttr = { s?: string; b?: boolean; i?: string; f?: number; list?: { i?: string[]; s?: string[] }; type?: string; shape?: unknown; tensor?: unknown };
export type Weight = { shape: number[]; dtype: 'float32' | 'int32'; data: Float32Array | Int32Array };

/** IEEE 754 half → float. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

export function loadTfjsGraph(jsonFile: string) {
  const model = JSON.parse(readFileSync(jsonFile, 'utf8')) as {
    modelTopology: { node: TfNode[] };
    weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }[] }[];
  };
  const weights = new Map<string, Weight>();
  for (const group of model.weightsManifest) {
    const bin = Buffer.concat(group.paths.map((p) => readFileSync(path.join(path.dirname(jsonFile), p))));
    let at = 0;
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (w.quantization?.dtype === 'float16') {
        const data = new Float32Array(n);
        for (let i = 0; i < n; i++) data[i] = halfToFloat(bin.readUInt16LE(at + i * 2));
        at += n * 2;
        weights.set(w.name, { shape: w.shape, dtype: 'float32', data });
      } else if (w.quantization) {
        throw new Error(`unsupported weight quantization ${w.quantization.dtype} for ${w.name}`);
      } else if (w.dtype === 'float32') {
        weights.set(w.name, { shape: w.shape, dtype: 'float32', data: new Float32Array(bin.buffer.slice(bin.byteOffset + at, bin.byteOffset + at + n * 4)) });
        at += n * 4;
      } else if (w.dtype === 'int32') {
        weights.set(w.name, { shape: w.shape, dtype: 'int32', data: new Int32Array(bin.buffer.slice(bin.byteOffset + at, bin.byteOffset + at + n * 4)) });
        at += n * 4;
      } else {
        throw new Error(`unsupported weight dtype ${w.dtype} for ${w.name}`);
      }
    }
  }
  const nodes = new Map(model.modelTopology.node.map((n) => [n.name, n]));
  return { nodes, weights };
}

export const attrString = (a: TfAttr | undefined) => (a?.s ? Buffer.from(a.s, 'base64').toString('latin1') : '');
export const attrInts = (a: TfAttr | undefined) => (a?.list?.i ?? []).map(Number);
export const attrStrings = (a: TfAttr | undefined) => (a?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('latin1'));

/** The nodes needed to compute `outputs`, in an order where inputs come first. */
export function topoOrder(nodes: Map<string, TfNode>, outputs: string[]): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (name: string) => {
    const key = name.split(':')[0];
    if (state.get(key) === 2) return;
    if (state.get(key) === 1) throw new Error(`cycle at ${key}`);
    const node = nodes.get(key);
    if (!node) throw new Error(`no node ${key}`);
    state.set(key, 1);
    for (const i of node.input ?? []) if (!i.startsWith('^')) visit(i);
    state.set(key, 2);
    order.push(node);
  };
  outputs.forEach(visit);
  return order;
}
