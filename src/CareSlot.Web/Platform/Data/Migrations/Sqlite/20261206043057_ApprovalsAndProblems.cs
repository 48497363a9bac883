using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            // Hand-written (ApprovalsAndProblems): doctors already there are approved when listed, pending otherwise.
            migrationBuilder.Sql("UPDATE \"Doctors\" SET \"Review\" = CASE WHEN \"IsListed\" = 1 THEN 'Approved' ELSE 'Pending' END;");
            // End of the hand-written part.

            migrationBuilder.CreateTable(
                name: "DoctorDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DoctorId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ById = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<string>(type: "TEXT", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ExceptionType = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    StackTop = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CorrelationId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
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
