// Every route of the console, in one place. Pages get params as props and never read the router
// for them; ids are opaque strings (never parsed). Heavy pages load on demand.
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useMatches, useParams, useRouteError, useSearchParams } from 'react-router';
import { CrashNotice } from './components/ErrorBoundary';
import { Loading } from './components/States';
import { NotFoundPage } from './layout/NotFoundPage';
import { RootLayout } from './layout/RootLayout';
import { ProjectsPage } from './projects/ProjectsPage';

export { paths } from './app/paths';

/** A lazily loaded page from a module's named export; `preload` starts loading it early. */
function named<T, K extends keyof T>(load: () => Promise<T>, name: K) {
  const page = lazy(async () => ({ default: (await load())[name] as ComponentType<any> }));
  return Object.assign(page, { preload: () => void load() });
}

/** A route's handle: what to load as soon as the route matches. */
interface PageHandle {
  preload?: () => void;
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

/**
 * Reads the route params and hands them to the page as props (a route only renders a page whose
 * params it has). With `preloadMatched` (the project frame), the matched child page starts loading
 * together with the frame instead of after it.
 */
function withParams(render: (p: RouteParams, search: URLSearchParams) => ReactNode, options: { preloadMatched?: boolean } = {}) {
  return function RouteElement() {
    const params = useParams() as unknown as RouteParams;
    const [search] = useSearchParams();
    const matches = useMatches();
    useEffect(() => {
      if (options.preloadMatched) for (const match of matches) (match.handle as PageHandle | undefined)?.preload?.();
    }, [matches]);
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
const ProjectShell = withParams((p) => <ProjectLayout projectId={p.projectId} />, { preloadMatched: true });

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
          { path: 'files', element: <ProjectFiles />, handle: { preload: FilesPage.preload } },
          { path: 'terms', element: <ProjectTerms />, handle: { preload: TermsPage.preload } },
          { path: 'provisional', element: <ProjectProvisional />, handle: { preload: ProvisionalPage.preload } },
          { path: 'issues', element: <ProjectIssues />, handle: { preload: IssuesPage.preload } },
          { path: 'refined', element: <ProjectRefined />, handle: { preload: RefinedPage.preload } },
          { path: 'documents/:documentId', element: <ProjectDocument />, handle: { preload: DocumentViewerPage.preload } },
          { path: 'runs', element: <ProjectRuns />, handle: { preload: RunHistoryPage.preload } },
          { path: 'runs/:runId', element: <ProjectRun />, handle: { preload: RunPage.preload } },
          { path: 'settings', element: <ProjectSettings />, handle: { preload: SettingsPage.preload } },
          { path: 'export', element: <ProjectExport />, handle: { preload: ExportPage.preload } },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
