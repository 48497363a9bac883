using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Help : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FaqEntries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    AnswerMarkdown = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    AnswerHtml = table.Column<string>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    IsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaqEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FaqVotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Voter = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Helpful = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaqVotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FaqVotes_FaqEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "FaqEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FaqEntries_Language_IsPublished_Topic_Order",
                table: "FaqEntries",
                columns: new[] { "Language", "IsPublished", "Topic", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_FaqVotes_EntryId_Voter",
                table: "FaqVotes",
                columns: new[] { "EntryId", "Voter" },
                unique: true);

            // ---- Hand-written SQL (the Help feature's FAQ search; carry it when migrations are generated again) ----
            // FTS5 table over each entry's question and Markdown answer, keyed by the entry's id as its rowid, kept in step by
            // triggers so every write path (the use case, the seed, SQL by hand) updates it. Diacritics are kept, as PostgreSQL's
            // 'simple' configuration keeps them, so both providers find the same entries. FaqQueries ranks with bm25.
            // A table rebuild of FaqEntries by a later SQLite migration drops these triggers: create them again after it.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "FaqSearch" USING fts5("Question", "Answer", tokenize = 'unicode61 remove_diacritics 0');
                CREATE TRIGGER "FaqEntries_SearchInsert" AFTER INSERT ON "FaqEntries" BEGIN
                    INSERT INTO "FaqSearch" (rowid, "Question", "Answer") VALUES (new."Id", new."Question", new."AnswerMarkdown");
                END;
                CREATE TRIGGER "FaqEntries_SearchUpdate" AFTER UPDATE OF "Question", "AnswerMarkdown" ON "FaqEntries" BEGIN
                    DELETE FROM "FaqSearch" WHERE rowid = old."Id";
                    INSERT INTO "FaqSearch" (rowid, "Question", "Answer") VALUES (new."Id", new."Question", new."AnswerMarkdown");
                END;
                CREATE TRIGGER "FaqEntries_SearchDelete" AFTER DELETE ON "FaqEntries" BEGIN
                    DELETE FROM "FaqSearch" WHERE rowid = old."Id";
                END;
                """);
            // ---- end of hand-written SQL ----
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "FaqSearch";""");
            migrationBuilder.DropTable(
                name: "FaqVotes");

            migrationBuilder.DropTable(
                name: "FaqEntries");
        }
    }
}
