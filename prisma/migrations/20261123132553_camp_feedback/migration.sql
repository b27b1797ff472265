-- AlterTable
ALTER TABLE "CampInvitation" ADD COLUMN     "feedbackAt" TIMESTAMP(3),
ADD COLUMN     "feedbackComment" TEXT,
ADD COLUMN     "feedbackScore" INTEGER;

