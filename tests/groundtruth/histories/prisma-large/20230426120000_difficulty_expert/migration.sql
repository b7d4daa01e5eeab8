-- AlterEnum
ALTER TYPE "Difficulty" ADD VALUE 'EXPERT';
