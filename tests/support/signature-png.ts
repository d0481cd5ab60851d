// The drawn-signature PNGs live with the demo data (the demo cameras sign with one too).
export { corruptPng, signaturePng } from '../../api/demo/demo-signature.js';
