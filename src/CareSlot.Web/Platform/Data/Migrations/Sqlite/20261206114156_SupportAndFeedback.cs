using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SupportAndFeedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CannedAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    UpdatedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CannedAnswers", x => x.Id);
                });

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
                name: "Reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppointmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DoctorId = table.Column<int>(type: "INTEGER", nullable: false),
                    Rating = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FlaggedWords = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    WithdrawnAt = table.Column<string>(type: "TEXT", nullable: true),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RepliedAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reviews_Appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "Appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Reviews_AspNetUsers_DecidedBy",
                        column: x => x.DecidedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Reviews_AspNetUsers_PatientId",
                        column: x => x.PatientId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Reviews_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupportTickets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequesterId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequesterEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequesterName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    VisitorKeyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AppointmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AssigneeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    FirstReplyDueAt = table.Column<string>(type: "TEXT", nullable: false),
                    FirstRepliedAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportTickets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportTickets_Appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "Appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_SupportTickets_AspNetUsers_AssigneeId",
                        column: x => x.AssigneeId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_SupportTickets_AspNetUsers_RequesterId",
                        column: x => x.RequesterId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
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

            migrationBuilder.CreateTable(
                name: "TicketPosts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<string>(type: "TEXT", nullable: false),
                    SealedBody = table.Column<string>(type: "TEXT", maxLength: 20062, nullable: false),
                    SealedSubject = table.Column<string>(type: "TEXT", maxLength: 862, nullable: true),
                    VisitorKeyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EmailMessageId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketPosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketPosts_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_TicketPosts_SupportTickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "SupportTickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CannedAnswers_Title",
                table: "CannedAnswers",
                column: "Title",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FaqEntries_Language_IsPublished_Topic_Order",
                table: "FaqEntries",
                columns: new[] { "Language", "IsPublished", "Topic", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_FaqVotes_EntryId_Voter",
                table: "FaqVotes",
                columns: new[] { "EntryId", "Voter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_AppointmentId",
                table: "Reviews",
                column: "AppointmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_DecidedBy",
                table: "Reviews",
                column: "DecidedBy");

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_DoctorId_Status_CreatedAt",
                table: "Reviews",
                columns: new[] { "DoctorId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_PatientId",
                table: "Reviews",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_Status_CreatedAt",
                table: "Reviews",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SupportTickets_AppointmentId",
                table: "SupportTickets",
                column: "AppointmentId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportTickets_AssigneeId",
                table: "SupportTickets",
                column: "AssigneeId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportTickets_RequesterId",
                table: "SupportTickets",
                column: "RequesterId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportTickets_Status_UpdatedAt",
                table: "SupportTickets",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketPosts_AuthorId",
                table: "TicketPosts",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_TicketPosts_EmailMessageId",
                table: "TicketPosts",
                column: "EmailMessageId",
                unique: true,
                filter: "\"EmailMessageId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TicketPosts_TicketId_At",
                table: "TicketPosts",
                columns: new[] { "TicketId", "At" });

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
                name: "CannedAnswers");

            migrationBuilder.DropTable(
                name: "FaqVotes");

            migrationBuilder.DropTable(
                name: "Reviews");

            migrationBuilder.DropTable(
                name: "TicketPosts");

            migrationBuilder.DropTable(
                name: "FaqEntries");

            migrationBuilder.DropTable(
                name: "SupportTickets");
        }
    }
}
