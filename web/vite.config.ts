import { constants as zlibConstants } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const backend = process.env.MIANJING_API ?? 'http://127.0.0.1:8080';

/**
 * antd's form context (`antd/es/form/context.js`, imported by every Input and Select) takes only
 * `FormProvider` from `@rc-component/form`, whose index module assigns to the form component and so keeps
 * the whole form engine and its validator (~41 KB, ~12 KB compressed) in every page with an input, the
 * home page too. That one import is resolved to the module that defines `FormProvider` (the same module
 * the index re-exports, so the context is one object); pages with a real Form still get the engine.
 */
function formProviderOnly(): Plugin {
  return {
    name: 'mianjing:rc-form-provider-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '@rc-component/form' && importer && /[\\/]antd[\\/]es[\\/]form[\\/]context\.js$/.test(importer)) {
        return this.resolve('@rc-component/form/es/FormContext', importer, { skipSelf: true });
      }
      return null;
    },
  };
}

// The UI is served by the mianjing binary in production (same origin as /api);
// in development Vite proxies the API to a locally running `mianjing serve`.
export default defineConfig({
  plugins: [
    react(),
    formProviderOnly(),
    // Every script and stylesheet also as NAME.br and NAME.gz (Node's zlib, maximum levels: compressed once
    // at build, served many times). The binary embeds only these two for assets/*.js and assets/*.css and
    // serves the one the browser accepts; a client that accepts neither gets the gzip copy decoded
    // (src/web.rs). So every one needs both copies: no size threshold, none skipped.
    compression({
      include: /\.(js|css)$/,
      threshold: 0,
      skipIfLargerOrEqual: false,
      algorithms: [defineAlgorithm('brotliCompress', { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm('gzip', { level: 9 })],
    }),
  ],
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
