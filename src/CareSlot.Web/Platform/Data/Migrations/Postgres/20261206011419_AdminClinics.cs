using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AdminClinics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OpeningNotes",
                table: "Clinics",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "RetiredAt",
                table: "Clinics",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Specialties_Name",
                table: "Specialties",
                column: "Name",
                unique: true);

            // Hours at a retired clinic offer no slots (DoctorSchedule): every instance drops its cached schedules when a
            // clinic is retired or reinstated, as when its zone changes (careslot_clinic_zone_changed, Initial).
            migrationBuilder.Sql("""
                CREATE TRIGGER "Clinics_RetiredChanged" AFTER UPDATE ON "Clinics"
                FOR EACH ROW WHEN (OLD."RetiredAt" IS DISTINCT FROM NEW."RetiredAt") EXECUTE FUNCTION careslot_clinic_zone_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Clinics_RetiredChanged" ON "Clinics";""");

            migrationBuilder.DropIndex(
                name: "IX_Specialties_Name",
                table: "Specialties");

            migrationBuilder.DropColumn(
                name: "OpeningNotes",
                table: "Clinics");

            migrationBuilder.DropColumn(
                name: "RetiredAt",
                table: "Clinics");
        }
    }
}
