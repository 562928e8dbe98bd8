-- AlterTable
ALTER TABLE "inventory_position" ADD COLUMN     "forecast" DECIMAL(20,6);

