-- DropTable
DROP TABLE "Greeting";

