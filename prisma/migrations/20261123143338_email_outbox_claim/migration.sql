-- AlterTable
ALTER TABLE "EmailOutbox" ADD COLUMN     "claimedUntil" TIMESTAMP(3);

