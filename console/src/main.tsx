// Entry point: the providers (GraphQL client, theme, notifications, i18n) around the router.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dropzone/styles.css';
import './app/global.css';
import './i18n/index';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { Provider as UrqlProvider } from 'urql';
import { TokenPrompt } from './app/TokenPrompt';
import { theme } from './app/theme';
import { client } from './app/urql';
import { router } from './routes';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <UrqlProvider value={client}>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <Notifications position="top-right" />
        <TokenPrompt />
        <RouterProvider router={router} />
      </MantineProvider>
    </UrqlProvider>
  </StrictMode>,
);
