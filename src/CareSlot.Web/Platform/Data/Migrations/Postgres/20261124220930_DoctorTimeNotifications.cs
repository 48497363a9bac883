using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DoctorTimeNotifications : Migration
    {
        /// <summary>Tables whose rows carry a "DoctorId", by what a change to them makes stale.</summary>
        private static readonly (string Table, string Kind)[] DoctorTables =
        [
            ("Appointments", "busy"), ("SlotHolds", "busy"),
            ("WeeklyHours", "schedule"), ("ExtraHours", "schedule"), ("TimeOff", "schedule"), ("BookingRules", "schedule"), ("AppointmentTypes", "schedule"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every instance LISTENs on this channel (DoctorTimeListener) and evicts its caches; a notice is delivered at
            // commit, never for a rollback, and repeats within one transaction are sent once.
            migrationBuilder.Sql("""
                CREATE FUNCTION careslot_doctor_time_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        PERFORM pg_notify('careslot_doctor_time', TG_ARGV[0] || ':' || OLD."DoctorId");
                    ELSE
                        PERFORM pg_notify('careslot_doctor_time', TG_ARGV[0] || ':' || NEW."DoctorId");
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            foreach (var (table, kind) in DoctorTables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_DoctorTimeChanged" AFTER INSERT OR UPDATE OR DELETE ON "{table}"
                    FOR EACH ROW EXECUTE FUNCTION careslot_doctor_time_changed('{kind}');
                    """);
            }
            migrationBuilder.Sql("""
                CREATE FUNCTION careslot_doctor_listing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('careslot_doctor_time', 'busy:' || NEW."Id");
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Doctors_ListingChanged" AFTER UPDATE ON "Doctors"
                FOR EACH ROW WHEN (OLD."IsListed" IS DISTINCT FROM NEW."IsListed") EXECUTE FUNCTION careslot_doctor_listing_changed();

                CREATE FUNCTION careslot_clinic_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('careslot_doctor_time', 'schedule:*');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Clinics_ZoneChanged" AFTER UPDATE ON "Clinics"
                FOR EACH ROW WHEN (OLD."TimeZoneId" IS DISTINCT FROM NEW."TimeZoneId") EXECUTE FUNCTION careslot_clinic_zone_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, _) in DoctorTables) migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_DoctorTimeChanged" ON "{table}";""");
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "Doctors_ListingChanged" ON "Doctors";
                DROP TRIGGER IF EXISTS "Clinics_ZoneChanged" ON "Clinics";
                DROP FUNCTION IF EXISTS careslot_doctor_time_changed();
                DROP FUNCTION IF EXISTS careslot_doctor_listing_changed();
                DROP FUNCTION IF EXISTS careslot_clinic_zone_changed();
                """);
        }
    }
}
