using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareSlot.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FloorHash",
                table: "AuditChainHead",
                type: "TEXT",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "FloorSequence",
                table: "AuditChainHead",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 1,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 2,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 3,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 4,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 5,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 6,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 7,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 8,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 9,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 10,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 11,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 12,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 13,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 14,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 15,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 16,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 17,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 18,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 19,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 20,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 21,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 22,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 23,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 24,
                columns: new[] { "FloorHash", "FloorSequence" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FloorHash",
                table: "AuditChainHead");

            migrationBuilder.DropColumn(
                name: "FloorSequence",
                table: "AuditChainHead");
        }
    }
}
