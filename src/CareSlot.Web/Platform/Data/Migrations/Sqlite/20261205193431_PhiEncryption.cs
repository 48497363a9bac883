using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PhiEncryption : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
