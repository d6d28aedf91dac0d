-- CreateTable
CREATE TABLE "Project" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "engine" TEXT NOT NULL DEFAULT 'offline',
    "llmModel" TEXT,
    "llmBaseUrl" TEXT,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Document" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Document_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Term" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" REAL NOT NULL,
    "category" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "frequency" INTEGER NOT NULL,
    "documentCount" INTEGER NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '[]',
    "occurrences" TEXT NOT NULL DEFAULT '[]',
    "userNotes" TEXT,
    CONSTRAINT "Term_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExcludedTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExcludedTerm_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RequiredTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RequiredTerm_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProvisionalEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "termKey" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "confidence" REAL NOT NULL,
    "sources" TEXT NOT NULL DEFAULT '[]',
    "occurrences" TEXT NOT NULL DEFAULT '[]',
    "editedByUser" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProvisionalEntry_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GlossaryIssue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "termKey" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "locations" TEXT NOT NULL DEFAULT '[]',
    "shouldExclude" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "GlossaryIssue_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RefinedEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "termKey" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "confidence" REAL NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '[]',
    "relatedTerms" TEXT NOT NULL DEFAULT '[]',
    "sources" TEXT NOT NULL DEFAULT '[]',
    "occurrences" TEXT NOT NULL DEFAULT '[]',
    "unresolvedIssues" TEXT NOT NULL DEFAULT '[]',
    "notes" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "RefinedEntry_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Run" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "scope" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "documentIds" TEXT,
    "triggeredBy" TEXT NOT NULL DEFAULT 'api',
    "ownerId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "cancelRequestedAt" DATETIME,
    "error" TEXT,
    "step" TEXT,
    "progressCurrent" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "currentItem" TEXT,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Run_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunLog" (
    "runId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "time" DATETIME NOT NULL,
    "level" TEXT NOT NULL,
    "step" TEXT,
    "message" TEXT NOT NULL,
    "fields" TEXT,

    PRIMARY KEY ("runId", "seq"),
    CONSTRAINT "RunLog_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Project_name_key" ON "Project"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Document_projectId_fileName_key" ON "Document"("projectId", "fileName");

-- CreateIndex
CREATE INDEX "Term_projectId_rank_idx" ON "Term"("projectId", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "Term_projectId_key_key" ON "Term"("projectId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ExcludedTerm_projectId_key_key" ON "ExcludedTerm"("projectId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "RequiredTerm_projectId_key_key" ON "RequiredTerm"("projectId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ProvisionalEntry_projectId_termKey_key" ON "ProvisionalEntry"("projectId", "termKey");

-- CreateIndex
CREATE INDEX "GlossaryIssue_projectId_type_idx" ON "GlossaryIssue"("projectId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "RefinedEntry_projectId_termKey_key" ON "RefinedEntry"("projectId", "termKey");

-- CreateIndex
CREATE INDEX "Run_projectId_id_idx" ON "Run"("projectId", "id");

-- CreateIndex
CREATE INDEX "Run_status_id_idx" ON "Run"("status", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_status_id_idx" ON "Run"("projectId", "status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Run_one_active_per_project" ON "Run"("projectId") WHERE status IN ('PENDING','RUNNING');
