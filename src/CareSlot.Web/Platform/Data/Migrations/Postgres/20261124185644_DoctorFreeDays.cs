using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DoctorFreeDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DoctorFreeDays",
                columns: table => new
                {
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<LocalDate>(type: "date", nullable: false),
                    FirstSlot = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    FirstInPersonSlot = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    FirstVideoSlot = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DoctorFreeDays", x => new { x.DoctorId, x.Date });
                    table.ForeignKey(
                        name: "FK_DoctorFreeDays_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DoctorFreeDays_Date_DoctorId",
                table: "DoctorFreeDays",
                columns: new[] { "Date", "DoctorId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DoctorFreeDays");
        }
    }
}
