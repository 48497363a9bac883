using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditTrailSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AuditTrail_ActorId_At_Id",
                table: "AuditTrail",
                columns: new[] { "ActorId", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditTrail_At_Id",
                table: "AuditTrail",
                columns: new[] { "At", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditTrail_ActorId_At_Id",
                table: "AuditTrail");

            migrationBuilder.DropIndex(
                name: "IX_AuditTrail_At_Id",
                table: "AuditTrail");
        }
    }
}
