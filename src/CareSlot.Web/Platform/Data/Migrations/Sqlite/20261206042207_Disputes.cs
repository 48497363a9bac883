using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Disputes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Disputes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppointmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DoctorId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OpenedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenerRole = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StateSince = table.Column<string>(type: "TEXT", nullable: false),
                    AssignedTo = table.Column<Guid>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Disputes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Disputes_Appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "Appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Disputes_AspNetUsers_AssignedTo",
                        column: x => x.AssignedTo,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Disputes_AspNetUsers_PatientId",
                        column: x => x.PatientId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Disputes_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DisputeSteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisputeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<string>(type: "TEXT", nullable: false),
                    ByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ByRole = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ToState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AssigneeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    SealedText = table.Column<string>(type: "TEXT", maxLength: 20062, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeSteps_Disputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StepId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SealedFileName = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    SealedContent = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeFiles_DisputeSteps_StepId",
                        column: x => x.StepId,
                        principalTable: "DisputeSteps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DisputeFiles_StepId",
                table: "DisputeFiles",
                column: "StepId");

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_AppointmentId",
                table: "Disputes",
                column: "AppointmentId",
                unique: true,
                filter: "\"State\" NOT IN ('Resolved', 'Withdrawn')");

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_AssignedTo",
                table: "Disputes",
                column: "AssignedTo");

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_DoctorId",
                table: "Disputes",
                column: "DoctorId");

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_PatientId",
                table: "Disputes",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_State_StateSince",
                table: "Disputes",
                columns: new[] { "State", "StateSince" });

            migrationBuilder.CreateIndex(
                name: "IX_DisputeSteps_DisputeId_At",
                table: "DisputeSteps",
                columns: new[] { "DisputeId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DisputeFiles");

            migrationBuilder.DropTable(
                name: "DisputeSteps");

            migrationBuilder.DropTable(
                name: "Disputes");
        }
    }
}
