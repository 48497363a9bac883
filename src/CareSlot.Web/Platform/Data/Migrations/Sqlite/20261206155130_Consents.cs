using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Consents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConsentRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Given = table.Column<bool>(type: "INTEGER", nullable: false),
                    NoticeVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsentRecords_AspNetUsers_AccountId",
                        column: x => x.AccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_AccountId_Purpose_Id",
                table: "ConsentRecords",
                columns: new[] { "AccountId", "Purpose", "Id" });

            // ---- hand-written SQL (Consents): carry it when regenerating ----
            // The profile's "SMS reminders" column becomes consent records: an account that had turned them off gets one
            // withdrawal, dated its creation (when it was turned off is not known) and marked Backfill; the others have no
            // record and so stay in the starting state (given). Then the column goes: the records are the one truth.
            migrationBuilder.Sql("""
                INSERT INTO "ConsentRecords" ("AccountId", "Purpose", "Given", "NoticeVersion", "At", "Source")
                SELECT "Id", 'SmsReminders', 0, "TermsVersion", "CreatedAt", 'Backfill' FROM "AspNetUsers" WHERE "SmsReminders" = 0;
                """);
            // SQLite drops the column in place (3.35+): EF's DropColumn would rebuild the whole accounts table with foreign keys off.
            migrationBuilder.Sql("""ALTER TABLE "AspNetUsers" DROP COLUMN "SmsReminders";""");
            // ---- end of hand-written SQL ----
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "SmsReminders",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            // ---- hand-written SQL (Consents): back to the column, from each account's latest SMS reminder record ----
            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "SmsReminders" = 0 WHERE "Id" IN (
                    SELECT r."AccountId" FROM "ConsentRecords" r WHERE r."Purpose" = 'SmsReminders' AND r."Given" = 0
                    AND NOT EXISTS (SELECT 1 FROM "ConsentRecords" l WHERE l."AccountId" = r."AccountId" AND l."Purpose" = r."Purpose" AND l."Id" > r."Id"));
                """);
            // ---- end of hand-written SQL ----

            migrationBuilder.DropTable(
                name: "ConsentRecords");
        }
    }
}
