-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Project" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "engine" TEXT NOT NULL DEFAULT 'offline',
    "llmModel" TEXT,
    "llmBaseUrl" TEXT,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Term" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "category" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "frequency" INTEGER NOT NULL,
    "documentCount" INTEGER NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '[]',
    "occurrences" TEXT NOT NULL DEFAULT '[]',
    "userNotes" TEXT,

    CONSTRAINT "Term_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExcludedTerm" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExcludedTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequiredTerm" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequiredTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvisionalEntry" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "termKey" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "sources" TEXT NOT NULL DEFAULT '[]',
    "occurrences" TEXT NOT NULL DEFAULT '[]',
    "editedByUser" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProvisionalEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GlossaryIssue" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "termKey" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "locations" TEXT NOT NULL DEFAULT '[]',
    "shouldExclude" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "GlossaryIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefinedEntry" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "termKey" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '[]',
    "relatedTerms" TEXT NOT NULL DEFAULT '[]',
    "sources" TEXT NOT NULL DEFAULT '[]',
    "occurrences" TEXT NOT NULL DEFAULT '[]',
    "unresolvedIssues" TEXT NOT NULL DEFAULT '[]',
    "notes" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "RefinedEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "scope" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "documentIds" TEXT,
    "triggeredBy" TEXT NOT NULL DEFAULT 'api',
    "ownerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "error" TEXT,
    "step" TEXT,
    "progressCurrent" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "currentItem" TEXT,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "startedBy" TEXT,
    "cancelledBy" TEXT,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunLog" (
    "runId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "level" TEXT NOT NULL,
    "step" TEXT,
    "message" TEXT NOT NULL,
    "fields" TEXT,

    CONSTRAINT "RunLog_pkey" PRIMARY KEY ("runId","seq")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "Run_one_active_per_project" ON "Run"("projectId") WHERE (status IN ('PENDING','RUNNING'));

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE INDEX "ApiToken_prefix_idx" ON "ApiToken"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_active_name" ON "ApiToken"("name") WHERE ("revokedAt" IS NULL);

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Term" ADD CONSTRAINT "Term_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExcludedTerm" ADD CONSTRAINT "ExcludedTerm_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequiredTerm" ADD CONSTRAINT "RequiredTerm_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisionalEntry" ADD CONSTRAINT "ProvisionalEntry_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GlossaryIssue" ADD CONSTRAINT "GlossaryIssue_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefinedEntry" ADD CONSTRAINT "RefinedEntry_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunLog" ADD CONSTRAINT "RunLog_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
