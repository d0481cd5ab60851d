FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg poppler-utils && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# npm ci runs the postinstall script, so it must be there (it skips what is not copied yet).
COPY scripts ./scripts
# onnxruntime-node's CUDA download is denied in package.json allowScripts (the CPU build ships in the package).
RUN npm ci --no-audit --no-fund
COPY . .
# The web app and the detector model (converted to ONNX from the package's TF.js files).
RUN npm run build:web && npx tsx models/build-centernet.ts
ENV NODE_ENV=production
CMD ["npm", "start"]
