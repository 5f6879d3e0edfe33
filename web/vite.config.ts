import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const backend = process.env.MIANJING_API ?? 'http://127.0.0.1:8080';

// The UI is served by the mianjing binary in production (same origin as /api);
// in development Vite proxies the API to a locally running `mianjing serve`.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/metrics': { target: backend, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/metrics': { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks that rarely change; antd is split per page automatically.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 20 },
            { name: 'data', test: /node_modules[\\/](@tanstack|i18next|react-i18next)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
