using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DirectoryAvailability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DoctorAvailability",
                columns: table => new
                {
                    DoctorId = table.Column<int>(type: "INTEGER", nullable: false),
                    NextSlot = table.Column<string>(type: "TEXT", nullable: true),
                    NextInPersonSlot = table.Column<string>(type: "TEXT", nullable: true),
                    NextVideoSlot = table.Column<string>(type: "TEXT", nullable: true),
                    RefreshedAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DoctorAvailability", x => x.DoctorId);
                    table.ForeignKey(
                        name: "FK_DoctorAvailability_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DoctorAvailability_NextSlot",
                table: "DoctorAvailability",
                column: "NextSlot");

            migrationBuilder.CreateIndex(
                name: "IX_DoctorAvailability_RefreshedAt",
                table: "DoctorAvailability",
                column: "RefreshedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DoctorAvailability");
        }
    }
}
