-- CreateTable
CREATE TABLE "FreeText" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FreeText_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FreeText_entity_entityId_idx" ON "FreeText"("entity", "entityId");

