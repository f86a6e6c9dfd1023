-- CreateTable
CREATE TABLE "QuizDraw" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "itemsJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuizDraw_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "QuizDraw_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Lesson" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "guideMarkdown" TEXT NOT NULL,
    "thinkingJson" TEXT NOT NULL,
    "videoFile" TEXT,
    "muxPlaybackId" TEXT,
    "subtitlesJson" TEXT NOT NULL DEFAULT '[]',
    "durationSeconds" INTEGER NOT NULL,
    "completionShare" REAL NOT NULL DEFAULT 0.9,
    "maxPlaybackRate" REAL NOT NULL DEFAULT 1.5,
    "discussionPrompt" TEXT NOT NULL,
    "discussionMinLength" INTEGER NOT NULL DEFAULT 20,
    "passPercent" INTEGER NOT NULL,
    "questionsPerAttempt" INTEGER,
    "attemptLimit" INTEGER,
    "partialCredit" BOOLEAN NOT NULL DEFAULT false,
    "revealAnswers" TEXT NOT NULL DEFAULT 'ALWAYS',
    "classHours" REAL NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Lesson_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Lesson" ("attemptLimit", "classHours", "completionShare", "contentHash", "courseId", "createdAt", "discussionMinLength", "discussionPrompt", "durationSeconds", "guideMarkdown", "id", "maxPlaybackRate", "muxPlaybackId", "passPercent", "questionsPerAttempt", "slug", "sortOrder", "subtitlesJson", "thinkingJson", "title", "updatedAt", "videoFile") SELECT "attemptLimit", "classHours", "completionShare", "contentHash", "courseId", "createdAt", "discussionMinLength", "discussionPrompt", "durationSeconds", "guideMarkdown", "id", "maxPlaybackRate", "muxPlaybackId", "passPercent", "questionsPerAttempt", "slug", "sortOrder", "subtitlesJson", "thinkingJson", "title", "updatedAt", "videoFile" FROM "Lesson";
DROP TABLE "Lesson";
ALTER TABLE "new_Lesson" RENAME TO "Lesson";
CREATE UNIQUE INDEX "Lesson_courseId_slug_key" ON "Lesson"("courseId", "slug");
CREATE TABLE "new_QuizAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "responseJson" TEXT NOT NULL,
    "correct" BOOLEAN,
    "pointsEarned" REAL,
    "reviewedById" TEXT,
    "reviewedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "QuizAnswer_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "QuizAttempt" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "QuizAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "QuizAnswer_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_QuizAnswer" ("attemptId", "correct", "createdAt", "id", "pointsEarned", "questionId", "responseJson", "updatedAt") SELECT "attemptId", "correct", "createdAt", "id", "pointsEarned", "questionId", "responseJson", "updatedAt" FROM "QuizAnswer";
DROP TABLE "QuizAnswer";
ALTER TABLE "new_QuizAnswer" RENAME TO "QuizAnswer";
CREATE UNIQUE INDEX "QuizAnswer_attemptId_questionId_key" ON "QuizAnswer"("attemptId", "questionId");
CREATE TABLE "new_QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "drawId" TEXT,
    "attemptNumber" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'SUBMITTED',
    "scorePercent" REAL,
    "passed" BOOLEAN,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "gradedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "QuizAttempt_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "QuizAttempt_drawId_fkey" FOREIGN KEY ("drawId") REFERENCES "QuizDraw" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_QuizAttempt" ("createdAt", "gradedAt", "id", "idempotencyKey", "lessonId", "passed", "scorePercent", "status", "submittedAt", "updatedAt", "userId") SELECT "createdAt", "gradedAt", "id", "idempotencyKey", "lessonId", "passed", "scorePercent", "status", "submittedAt", "updatedAt", "userId" FROM "QuizAttempt";
DROP TABLE "QuizAttempt";
ALTER TABLE "new_QuizAttempt" RENAME TO "QuizAttempt";
CREATE UNIQUE INDEX "QuizAttempt_idempotencyKey_key" ON "QuizAttempt"("idempotencyKey");
CREATE UNIQUE INDEX "QuizAttempt_drawId_key" ON "QuizAttempt"("drawId");
CREATE INDEX "QuizAttempt_status_submittedAt_idx" ON "QuizAttempt"("status", "submittedAt");
CREATE UNIQUE INDEX "QuizAttempt_userId_lessonId_attemptNumber_key" ON "QuizAttempt"("userId", "lessonId", "attemptNumber");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "QuizDraw_token_key" ON "QuizDraw"("token");

-- CreateIndex
CREATE INDEX "QuizDraw_userId_lessonId_idx" ON "QuizDraw"("userId", "lessonId");
