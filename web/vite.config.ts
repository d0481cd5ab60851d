import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const backend = 'http://127.0.0.1:3000';

/** The web app: built into web/dist, which the API process serves; in dev, vite proxies the API. */
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: { outDir: path.join(webRoot, 'dist'), emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: backend },
      '/socket.io': { target: backend, ws: true },
    },
  },
});
