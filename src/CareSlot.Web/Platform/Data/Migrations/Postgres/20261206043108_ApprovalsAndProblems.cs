using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApprovalsAndProblems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Review",
                table: "Doctors",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            // Hand-written (ApprovalsAndProblems): doctors already there are approved when listed, pending otherwise.
            migrationBuilder.Sql("UPDATE \"Doctors\" SET \"Review\" = CASE WHEN \"IsListed\" = TRUE THEN 'Approved' ELSE 'Pending' END;");
            // End of the hand-written part.

            migrationBuilder.CreateTable(
                name: "DoctorDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ById = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DoctorDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DoctorDecisions_AspNetUsers_ById",
                        column: x => x.ById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DoctorDecisions_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TechnicalProblems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ExceptionType = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    StackTop = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CorrelationId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TechnicalProblems", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DoctorDecisions_ById",
                table: "DoctorDecisions",
                column: "ById");

            migrationBuilder.CreateIndex(
                name: "IX_DoctorDecisions_DoctorId_Id",
                table: "DoctorDecisions",
                columns: new[] { "DoctorId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TechnicalProblems_At",
                table: "TechnicalProblems",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_TechnicalProblems_CorrelationId",
                table: "TechnicalProblems",
                column: "CorrelationId");

            migrationBuilder.CreateIndex(
                name: "IX_TechnicalProblems_Kind_Id",
                table: "TechnicalProblems",
                columns: new[] { "Kind", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DoctorDecisions");

            migrationBuilder.DropTable(
                name: "TechnicalProblems");

            migrationBuilder.DropColumn(
                name: "Review",
                table: "Doctors");
        }
    }
}
