-- AlterTable
ALTER TABLE "EmailOutbox" ADD COLUMN     "claimedBy" TEXT;

