-- CreateTable
CREATE TABLE "Score" (
    "id" TEXT NOT NULL,
    "contestId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "points" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Score_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Score_contestId_teamId_key" ON "Score"("contestId", "teamId");

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_contestId_teamId_fkey" FOREIGN KEY ("contestId", "teamId") REFERENCES "ContestEntry"("contestId", "teamId") ON DELETE CASCADE ON UPDATE CASCADE;
