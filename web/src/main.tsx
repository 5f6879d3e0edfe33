import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import App from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Blank for the moment a stored non-default language takes to arrive (src/i18n). */}
    <Suspense fallback={null}>
      <App />
    </Suspense>
  </StrictMode>,
);
