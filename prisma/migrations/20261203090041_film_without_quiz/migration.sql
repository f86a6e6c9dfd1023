-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Lesson" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "category" TEXT,
    "audienceJson" TEXT,
    "department" TEXT,
    "spokenLanguage" TEXT NOT NULL DEFAULT 'zh-CN',
    "guideMarkdown" TEXT NOT NULL,
    "thinkingJson" TEXT NOT NULL,
    "videoFile" TEXT,
    "muxPlaybackId" TEXT,
    "subtitlesJson" TEXT NOT NULL DEFAULT '[]',
    "durationSeconds" INTEGER NOT NULL,
    "completionShare" REAL NOT NULL DEFAULT 0.9,
    "maxPlaybackRate" REAL NOT NULL DEFAULT 1.5,
    "pauseWhenHidden" BOOLEAN NOT NULL DEFAULT true,
    "noSeekingAhead" BOOLEAN NOT NULL DEFAULT false,
    "attentionCheckMinutes" REAL,
    "discussionPrompt" TEXT NOT NULL,
    "discussionMinLength" INTEGER NOT NULL DEFAULT 20,
    "passPercent" INTEGER,
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
INSERT INTO "new_Lesson" ("attemptLimit", "attentionCheckMinutes", "audienceJson", "category", "classHours", "completionShare", "contentHash", "courseId", "createdAt", "department", "discussionMinLength", "discussionPrompt", "durationSeconds", "guideMarkdown", "id", "maxPlaybackRate", "muxPlaybackId", "noSeekingAhead", "partialCredit", "passPercent", "pauseWhenHidden", "questionsPerAttempt", "revealAnswers", "slug", "sortOrder", "spokenLanguage", "subtitlesJson", "thinkingJson", "title", "updatedAt", "videoFile") SELECT "attemptLimit", "attentionCheckMinutes", "audienceJson", "category", "classHours", "completionShare", "contentHash", "courseId", "createdAt", "department", "discussionMinLength", "discussionPrompt", "durationSeconds", "guideMarkdown", "id", "maxPlaybackRate", "muxPlaybackId", "noSeekingAhead", "partialCredit", "passPercent", "pauseWhenHidden", "questionsPerAttempt", "revealAnswers", "slug", "sortOrder", "spokenLanguage", "subtitlesJson", "thinkingJson", "title", "updatedAt", "videoFile" FROM "Lesson";
DROP TABLE "Lesson";
ALTER TABLE "new_Lesson" RENAME TO "Lesson";
CREATE UNIQUE INDEX "Lesson_courseId_slug_key" ON "Lesson"("courseId", "slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
