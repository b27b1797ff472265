-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "benefitCategory" TEXT,
ADD COLUMN     "benefitWeeksBefore" INTEGER;

