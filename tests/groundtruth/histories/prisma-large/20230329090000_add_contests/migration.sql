-- CreateTable
CREATE TABLE "Contest" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_ChallengeToContest" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "Contest_tenantId_startsAt_idx" ON "Contest"("tenantId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "_ChallengeToContest_AB_unique" ON "_ChallengeToContest"("A", "B");

-- CreateIndex
CREATE INDEX "_ChallengeToContest_B_index" ON "_ChallengeToContest"("B");

-- AddForeignKey
ALTER TABLE "Contest" ADD CONSTRAINT "Contest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ChallengeToContest" ADD CONSTRAINT "_ChallengeToContest_A_fkey" FOREIGN KEY ("A") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ChallengeToContest" ADD CONSTRAINT "_ChallengeToContest_B_fkey" FOREIGN KEY ("B") REFERENCES "Contest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
