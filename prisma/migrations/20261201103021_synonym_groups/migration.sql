-- CreateTable
CREATE TABLE "SynonymGroup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SynonymGroup_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SynonymGroupTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "projectId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "SynonymGroupTerm_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "SynonymGroup" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SynonymGroupTerm_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AliasSplit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "primaryKey" TEXT NOT NULL,
    "primaryText" TEXT NOT NULL,
    "memberKey" TEXT NOT NULL,
    "memberText" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AliasSplit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Project" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "engine" TEXT NOT NULL DEFAULT 'offline',
    "llmModel" TEXT,
    "llmBaseUrl" TEXT,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "autoExtract" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "settingsChangedAt" DATETIME,
    "documentsRemovedAt" DATETIME,
    "termRulesChangedAt" DATETIME,
    "groupsChangedAt" DATETIME,
    "aliasSplitsChangedAt" DATETIME
);
INSERT INTO "new_Project" ("createdAt", "engine", "id", "llmBaseUrl", "llmModel", "name", "settings", "updatedAt") SELECT "createdAt", "engine", "id", "llmBaseUrl", "llmModel", "name", "settings", "updatedAt" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE UNIQUE INDEX "Project_name_key" ON "Project"("name");
CREATE TABLE "new_Document" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "autoExtractPending" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Document_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Document" ("content", "contentHash", "createdAt", "fileName", "id", "projectId", "sizeBytes") SELECT "content", "contentHash", "createdAt", "fileName", "id", "projectId", "sizeBytes" FROM "Document";
DROP TABLE "Document";
ALTER TABLE "new_Document" RENAME TO "Document";
CREATE UNIQUE INDEX "Document_projectId_fileName_key" ON "Document"("projectId", "fileName");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SynonymGroup_projectId_idx" ON "SynonymGroup"("projectId");

-- CreateIndex
CREATE INDEX "SynonymGroupTerm_groupId_idx" ON "SynonymGroupTerm"("groupId");

-- CreateIndex
CREATE UNIQUE INDEX "SynonymGroupTerm_projectId_key_key" ON "SynonymGroupTerm"("projectId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "AliasSplit_projectId_primaryKey_memberKey_key" ON "AliasSplit"("projectId", "primaryKey", "memberKey");
