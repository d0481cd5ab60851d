import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import './i18n';
import './styles.css';
import { router } from './app/router';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ErrorScreen } from './components/ErrorScreen';

const el = document.getElementById('root');
if (!el) throw new Error('index.html has no #root');

createRoot(el).render(
  <StrictMode>
    <ErrorBoundary fallback={(e, reset) => <ErrorScreen detail={e.message} onRetry={reset} />}>
      <RouterProvider router={router} />
    </ErrorBoundary>
  </StrictMode>,
);
