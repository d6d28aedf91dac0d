-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "aliasSplitsChangedAt" TIMESTAMP(3),
ADD COLUMN     "autoExtract" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "documentsRemovedAt" TIMESTAMP(3),
ADD COLUMN     "groupsChangedAt" TIMESTAMP(3),
ADD COLUMN     "settingsChangedAt" TIMESTAMP(3),
ADD COLUMN     "termRulesChangedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "autoExtractPending" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SynonymGroup" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SynonymGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SynonymGroupTerm" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "projectId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SynonymGroupTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AliasSplit" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "primaryKey" TEXT NOT NULL,
    "primaryText" TEXT NOT NULL,
    "memberKey" TEXT NOT NULL,
    "memberText" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AliasSplit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SynonymGroup_projectId_idx" ON "SynonymGroup"("projectId");

-- CreateIndex
CREATE INDEX "SynonymGroupTerm_groupId_idx" ON "SynonymGroupTerm"("groupId");

-- CreateIndex
CREATE UNIQUE INDEX "SynonymGroupTerm_projectId_key_key" ON "SynonymGroupTerm"("projectId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "AliasSplit_projectId_primaryKey_memberKey_key" ON "AliasSplit"("projectId", "primaryKey", "memberKey");

-- AddForeignKey
ALTER TABLE "SynonymGroup" ADD CONSTRAINT "SynonymGroup_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SynonymGroupTerm" ADD CONSTRAINT "SynonymGroupTerm_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "SynonymGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SynonymGroupTerm" ADD CONSTRAINT "SynonymGroupTerm_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AliasSplit" ADD CONSTRAINT "AliasSplit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
