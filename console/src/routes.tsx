// Every route of the console, in one place. Pages get params as props and never read the router
// for them; ids are opaque strings (never parsed). Heavy pages load on demand.
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useParams, useRouteError, useSearchParams } from 'react-router';
import { CrashNotice } from './components/ErrorBoundary';
import { Loading } from './components/States';
import { NotFoundPage } from './layout/NotFoundPage';
import { RootLayout } from './layout/RootLayout';
import { ProjectsPage } from './projects/ProjectsPage';

export { paths } from './app/paths';

/** A lazily loaded page from a module's named export. */
function named<T, K extends keyof T>(load: () => Promise<T>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType<any> }));
}

// The project shell (run bar, tabs, log dock with its virtual list) too: the projects page, the
// usual first page, needs none of it, and the first page's script has a 300 KB gzip budget.
const ProjectLayout = named(() => import('./layout/ProjectLayout'), 'ProjectLayout');
const FilesPage = named(() => import('./files/FilesPage'), 'FilesPage');
const TermsPage = named(() => import('./terms/TermsPage'), 'TermsPage');
const ProvisionalPage = named(() => import('./glossary/ProvisionalPage'), 'ProvisionalPage');
const IssuesPage = named(() => import('./glossary/IssuesPage'), 'IssuesPage');
const RefinedPage = named(() => import('./glossary/RefinedPage'), 'RefinedPage');
const DocumentViewerPage = named(() => import('./documents/DocumentViewerPage'), 'DocumentViewerPage');
const RunHistoryPage = named(() => import('./runs/RunHistoryPage'), 'RunHistoryPage');
const RunPage = named(() => import('./runs/RunPage'), 'RunPage');
const SettingsPage = named(() => import('./settings/SettingsPage'), 'SettingsPage');
const ExportPage = named(() => import('./export/ExportPage'), 'ExportPage');


function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function RouteError() {
  const error = useRouteError();
  return <CrashNotice error={error} />;
}

interface RouteParams {
  projectId: string;
  documentId: string;
  runId: string;
}

/** Reads the route params and hands them to the page as props (a route only renders a page whose params it has). */
function withParams(render: (p: RouteParams, search: URLSearchParams) => ReactNode) {
  return function RouteElement() {
    const params = useParams() as unknown as RouteParams;
    const [search] = useSearchParams();
    return <Page>{render(params, search)}</Page>;
  };
}

const ProjectFiles = withParams((p) => <FilesPage projectId={p.projectId} />);
const ProjectTerms = withParams((p) => <TermsPage projectId={p.projectId} />);
const ProjectProvisional = withParams((p) => <ProvisionalPage projectId={p.projectId} />);
const ProjectIssues = withParams((p) => <IssuesPage projectId={p.projectId} />);
const ProjectRefined = withParams((p) => <RefinedPage projectId={p.projectId} />);
const ProjectDocument = withParams((p, s) => {
  const line = Number(s.get('line'));
  return <DocumentViewerPage projectId={p.projectId} documentId={p.documentId} line={Number.isInteger(line) && line > 0 ? line : null} />;
});
const ProjectRuns = withParams((p) => <RunHistoryPage projectId={p.projectId} />);
const ProjectRun = withParams((p) => <RunPage projectId={p.projectId} runId={p.runId} />);
const ProjectSettings = withParams((p) => <SettingsPage projectId={p.projectId} />);
const ProjectExport = withParams((p) => <ExportPage projectId={p.projectId} />);
const ProjectShell = withParams((p) => <ProjectLayout projectId={p.projectId} />);

export const routes = [
  {
    element: <RootLayout />,
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <ProjectsPage />, errorElement: <RouteError /> },
      { path: '/projects', element: <Navigate to="/" replace /> },
      {
        path: '/projects/:projectId',
        element: <ProjectShell />,
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="files" replace /> },
          { path: 'files', element: <ProjectFiles /> },
          { path: 'terms', element: <ProjectTerms /> },
          { path: 'provisional', element: <ProjectProvisional /> },
          { path: 'issues', element: <ProjectIssues /> },
          { path: 'refined', element: <ProjectRefined /> },
          { path: 'documents/:documentId', element: <ProjectDocument /> },
          { path: 'runs', element: <ProjectRuns /> },
          { path: 'runs/:runId', element: <ProjectRun /> },
          { path: 'settings', element: <ProjectSettings /> },
          { path: 'export', element: <ProjectExport /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
