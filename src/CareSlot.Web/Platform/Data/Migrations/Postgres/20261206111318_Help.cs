using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Topic = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Question = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    AnswerMarkdown = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    AnswerHtml = table.Column<string>(type: "text", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    IsPublished = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaqEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FaqVotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EntryId = table.Column<int>(type: "integer", nullable: false),
                    Voter = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Helpful = table.Column<bool>(type: "boolean", nullable: false),
                    At = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
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
            // A generated tsvector of the question (weight A) and the Markdown answer (weight B) with a GIN index; the model does
            // not know the column (it would not exist on SQLite), FaqQueries reads it with ts_rank. 'simple': no stemming and no
            // stop words, as SQLite's FTS5 unicode61 tokenizer, so both providers find the same entries in English and German.
            migrationBuilder.Sql("""
                ALTER TABLE "FaqEntries" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', coalesce("Question", '')), 'A') ||
                    setweight(to_tsvector('simple', coalesce("AnswerMarkdown", '')), 'B')) STORED;
                CREATE INDEX "IX_FaqEntries_SearchVector" ON "FaqEntries" USING gin ("SearchVector");
                """);
            // ---- end of hand-written SQL ----
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FaqVotes");

            migrationBuilder.DropTable(
                name: "FaqEntries");
        }
    }
}
