using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CareSlot.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <summary>The tables whose rows are a doctor's time, and which cache a change of each evicts.</summary>
        private static readonly (string Table, string Kind)[] DoctorTables =
        [
            ("Appointments", "busy"), ("SlotHolds", "busy"),
            ("WeeklyHours", "schedule"), ("ExtraHours", "schedule"), ("TimeOff", "schedule"), ("BookingRules", "schedule"), ("AppointmentTypes", "schedule"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FullName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DateOfBirth = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    TermsAcceptedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    TermsVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    EmergencyContactName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EmergencyContactPhone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PreferredLanguage = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    EmailReminders = table.Column<bool>(type: "boolean", nullable: false),
                    SmsReminders = table.Column<bool>(type: "boolean", nullable: false),
                    SmsUpdates = table.Column<bool>(type: "boolean", nullable: false),
                    SuspendedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    SuspendedReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SuspendedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditChainHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChainHead", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditTrail",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Lane = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorRole = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: true),
                    Record = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ClientAddress = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: true),
                    CorrelationId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    PreviousHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditTrail", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BreakGlassAccesses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AdminId = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    OpenedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreakGlassAccesses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Clinics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AddressLine = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    City = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CityKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Postcode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    TimeZoneId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OpeningNotes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RetiredAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    Policy_AutoConfirm = table.Column<bool>(type: "boolean", nullable: false),
                    Policy_CancellationLimitHours = table.Column<int>(type: "integer", nullable: false),
                    Policy_MaxReschedules = table.Column<int>(type: "integer", nullable: false),
                    Policy_MaxUpcomingPerDoctor = table.Column<int>(type: "integer", nullable: false),
                    Policy_RescheduleLimitHours = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Clinics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    RequestHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ResourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    ContentType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Location = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ProtectedBody = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => new { x.AccountId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "RecordEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AppointmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    DoctorId = table.Column<int>(type: "integer", nullable: true),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    VersionCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Specialties",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Slug = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Specialties", x => x.Id);
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

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AccountAdminActions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AdminId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountAdminActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccountAdminActions_AspNetUsers_AccountId",
                        column: x => x.AccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Doctors",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    GivenName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Bio = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Languages = table.Column<List<string>>(type: "text[]", nullable: false),
                    AcceptingNewPatients = table.Column<bool>(type: "boolean", nullable: false),
                    IsListed = table.Column<bool>(type: "boolean", nullable: false),
                    Review = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    LicenceNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SearchKey = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Doctors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Doctors_AspNetUsers_AccountId",
                        column: x => x.AccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PhoneVerifications",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    PhoneNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CodeHash = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ExpiresAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    FailedAttempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PhoneVerifications", x => x.AccountId);
                    table.ForeignKey(
                        name: "FK_PhoneVerifications_AspNetUsers_AccountId",
                        column: x => x.AccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RefreshTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FamilyId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExpiresAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefreshTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RefreshTokens_AspNetUsers_AccountId",
                        column: x => x.AccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RecordEntryVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    WrittenAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    AmendmentReason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordEntryVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecordEntryVersions_RecordEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "RecordEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AppointmentTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    BufferAfterMinutes = table.Column<int>(type: "integer", nullable: false),
                    Mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ForNewPatients = table.Column<bool>(type: "boolean", nullable: false),
                    ForReturningPatients = table.Column<bool>(type: "boolean", nullable: false),
                    IsOffered = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppointmentTypes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AppointmentTypes_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BookingRules",
                columns: table => new
                {
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    MinimumNoticeMinutes = table.Column<int>(type: "integer", nullable: false),
                    HorizonDays = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BookingRules", x => x.DoctorId);
                    table.ForeignKey(
                        name: "FK_BookingRules_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DoctorAvailability",
                columns: table => new
                {
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    NextSlot = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    NextInPersonSlot = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    NextVideoSlot = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    RefreshedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "DoctorClinics",
                columns: table => new
                {
                    ClinicsId = table.Column<int>(type: "integer", nullable: false),
                    DoctorsId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DoctorClinics", x => new { x.ClinicsId, x.DoctorsId });
                    table.ForeignKey(
                        name: "FK_DoctorClinics_Clinics_ClinicsId",
                        column: x => x.ClinicsId,
                        principalTable: "Clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DoctorClinics_Doctors_DoctorsId",
                        column: x => x.DoctorsId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateTable(
                name: "DoctorSpecialties",
                columns: table => new
                {
                    DoctorsId = table.Column<int>(type: "integer", nullable: false),
                    SpecialtiesId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DoctorSpecialties", x => new { x.DoctorsId, x.SpecialtiesId });
                    table.ForeignKey(
                        name: "FK_DoctorSpecialties_Doctors_DoctorsId",
                        column: x => x.DoctorsId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DoctorSpecialties_Specialties_SpecialtiesId",
                        column: x => x.SpecialtiesId,
                        principalTable: "Specialties",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExtraHours",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    ClinicId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<LocalDate>(type: "date", nullable: false),
                    Start = table.Column<LocalTime>(type: "time", nullable: false),
                    End = table.Column<LocalTime>(type: "time", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExtraHours", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExtraHours_Clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "Clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExtraHours_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TimeOff",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    Start = table.Column<LocalDateTime>(type: "timestamp without time zone", nullable: false),
                    End = table.Column<LocalDateTime>(type: "timestamp without time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimeOff", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TimeOff_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WeeklyHours",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    ClinicId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    Start = table.Column<LocalTime>(type: "time", nullable: false),
                    End = table.Column<LocalTime>(type: "time", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklyHours", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeeklyHours_Clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "Clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WeeklyHours_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Appointments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    ClinicId = table.Column<int>(type: "integer", nullable: false),
                    AppointmentTypeId = table.Column<int>(type: "integer", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    BlockedUntil = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(4062)", maxLength: 4062, nullable: false),
                    RescheduleCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Appointments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Appointments_AppointmentTypes_AppointmentTypeId",
                        column: x => x.AppointmentTypeId,
                        principalTable: "AppointmentTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Appointments_AspNetUsers_PatientId",
                        column: x => x.PatientId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Appointments_Clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "Clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Appointments_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SlotHolds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    ClinicId = table.Column<int>(type: "integer", nullable: false),
                    AppointmentTypeId = table.Column<int>(type: "integer", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    BlockedUntil = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlotHolds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SlotHolds_AppointmentTypes_AppointmentTypeId",
                        column: x => x.AppointmentTypeId,
                        principalTable: "AppointmentTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SlotHolds_AspNetUsers_PatientId",
                        column: x => x.PatientId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SlotHolds_Clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "Clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SlotHolds_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AppointmentEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AppointmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    OccurredAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PreviousStart = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    ProcessedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppointmentEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AppointmentEvents_Appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "Appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AppointmentHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AppointmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    FromStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ToStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FromStart = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    ToStart = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppointmentHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AppointmentHistory_Appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "Appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Conversations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    AppointmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    SealedSubject = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    LastMessageAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Conversations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Conversations_Appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "Appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Conversations_AspNetUsers_PatientId",
                        column: x => x.PatientId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Conversations_Doctors_DoctorId",
                        column: x => x.DoctorId,
                        principalTable: "Doctors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Disputes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AppointmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    DoctorId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    OpenedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    OpenerRole = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StateSince = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    AssignedTo = table.Column<Guid>(type: "uuid", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
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
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Template = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Channel = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    AppointmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Address = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ProtectedContent = table.Column<string>(type: "text", nullable: true),
                    AppointmentVersion = table.Column<int>(type: "integer", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ChangeReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PreviousStart = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LockedUntil = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    LockedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SentAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    SentTo = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboxMessages_Appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "Appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SenderId = table.Column<Guid>(type: "uuid", nullable: false),
                    SenderRole = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SealedBody = table.Column<string>(type: "character varying(30000)", maxLength: 30000, nullable: false),
                    SentAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Messages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Messages_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeSteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisputeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ByAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    ByRole = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ToState = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AssigneeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Audience = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    SealedText = table.Column<string>(type: "character varying(20062)", maxLength: 20062, nullable: true)
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
                name: "MessageAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    SealedFileName = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    SealedContent = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MessageAttachments_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StepId = table.Column<Guid>(type: "uuid", nullable: false),
                    SealedFileName = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    SealedContent = table.Column<byte[]>(type: "bytea", nullable: false)
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

            migrationBuilder.InsertData(
                table: "AspNetRoles",
                columns: new[] { "Id", "ConcurrencyStamp", "Name", "NormalizedName" },
                values: new object[,]
                {
                    { new Guid("00000000-0000-0000-0000-000000000001"), "Patient", "Patient", "PATIENT" },
                    { new Guid("00000000-0000-0000-0000-000000000002"), "Doctor", "Doctor", "DOCTOR" },
                    { new Guid("00000000-0000-0000-0000-000000000003"), "Admin", "Admin", "ADMIN" },
                    { new Guid("00000000-0000-0000-0000-000000000004"), "Support", "Support", "SUPPORT" }
                });

            migrationBuilder.InsertData(
                table: "AuditChainHead",
                columns: new[] { "Id", "Hash", "Sequence" },
                values: new object[,]
                {
                    { 1, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 2, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 3, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 4, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 5, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 6, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 7, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 8, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 9, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 10, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 11, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 12, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 13, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 14, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 15, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 16, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 17, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 18, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 19, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 20, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 21, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 22, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 23, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 24, "0000000000000000000000000000000000000000000000000000000000000000", 0L }
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountAdminActions_AccountId_Id",
                table: "AccountAdminActions",
                columns: new[] { "AccountId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AppointmentEvents_AppointmentId_Version",
                table: "AppointmentEvents",
                columns: new[] { "AppointmentId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AppointmentEvents_ProcessedAt",
                table: "AppointmentEvents",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AppointmentHistory_AppointmentId_At",
                table: "AppointmentHistory",
                columns: new[] { "AppointmentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Appointments_AppointmentTypeId",
                table: "Appointments",
                column: "AppointmentTypeId");

            migrationBuilder.CreateIndex(
                name: "IX_Appointments_ClinicId_Start_Id",
                table: "Appointments",
                columns: new[] { "ClinicId", "Start", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Appointments_DoctorId_Start",
                table: "Appointments",
                columns: new[] { "DoctorId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_Appointments_PatientId_Start",
                table: "Appointments",
                columns: new[] { "PatientId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_Appointments_Start_Id",
                table: "Appointments",
                columns: new[] { "Start", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AppointmentTypes_DoctorId",
                table: "AppointmentTypes",
                column: "DoctorId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_CreatedAt",
                table: "AspNetUsers",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_SuspendedAt",
                table: "AspNetUsers",
                column: "SuspendedAt");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditTrail_ActorId_At_Id",
                table: "AuditTrail",
                columns: new[] { "ActorId", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditTrail_At_Id",
                table: "AuditTrail",
                columns: new[] { "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditTrail_Lane_Sequence",
                table: "AuditTrail",
                columns: new[] { "Lane", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditTrail_PatientId_Id",
                table: "AuditTrail",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BreakGlassAccesses_AdminId_PatientId_ExpiresAt",
                table: "BreakGlassAccesses",
                columns: new[] { "AdminId", "PatientId", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BreakGlassAccesses_PatientId_OpenedAt",
                table: "BreakGlassAccesses",
                columns: new[] { "PatientId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Clinics_CityKey",
                table: "Clinics",
                column: "CityKey");

            migrationBuilder.CreateIndex(
                name: "IX_Clinics_Name",
                table: "Clinics",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_AppointmentId",
                table: "Conversations",
                column: "AppointmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_DoctorId_LastMessageAt",
                table: "Conversations",
                columns: new[] { "DoctorId", "LastMessageAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_PatientId_LastMessageAt",
                table: "Conversations",
                columns: new[] { "PatientId", "LastMessageAt" });

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

            migrationBuilder.CreateIndex(
                name: "IX_DoctorAvailability_NextSlot",
                table: "DoctorAvailability",
                column: "NextSlot");

            migrationBuilder.CreateIndex(
                name: "IX_DoctorAvailability_RefreshedAt",
                table: "DoctorAvailability",
                column: "RefreshedAt");

            migrationBuilder.CreateIndex(
                name: "IX_DoctorClinics_DoctorsId",
                table: "DoctorClinics",
                column: "DoctorsId");

            migrationBuilder.CreateIndex(
                name: "IX_DoctorDecisions_ById",
                table: "DoctorDecisions",
                column: "ById");

            migrationBuilder.CreateIndex(
                name: "IX_DoctorDecisions_DoctorId_Id",
                table: "DoctorDecisions",
                columns: new[] { "DoctorId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DoctorFreeDays_Date_DoctorId",
                table: "DoctorFreeDays",
                columns: new[] { "Date", "DoctorId" });

            migrationBuilder.CreateIndex(
                name: "IX_Doctors_AccountId",
                table: "Doctors",
                column: "AccountId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Doctors_IsListed_FamilyName_GivenName",
                table: "Doctors",
                columns: new[] { "IsListed", "FamilyName", "GivenName" });

            migrationBuilder.CreateIndex(
                name: "IX_DoctorSpecialties_SpecialtiesId",
                table: "DoctorSpecialties",
                column: "SpecialtiesId");

            migrationBuilder.CreateIndex(
                name: "IX_ExtraHours_ClinicId",
                table: "ExtraHours",
                column: "ClinicId");

            migrationBuilder.CreateIndex(
                name: "IX_ExtraHours_DoctorId_Date",
                table: "ExtraHours",
                columns: new[] { "DoctorId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyKeys_ExpiresAt",
                table: "IdempotencyKeys",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_MessageAttachments_MessageId",
                table: "MessageAttachments",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_ConversationId_SenderRole_ReadAt",
                table: "Messages",
                columns: new[] { "ConversationId", "SenderRole", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_ConversationId_SentAt",
                table: "Messages",
                columns: new[] { "ConversationId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_AppointmentId",
                table: "OutboxMessages",
                column: "AppointmentId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Key",
                table: "OutboxMessages",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_State_DueAt",
                table: "OutboxMessages",
                columns: new[] { "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordEntries_AppointmentId",
                table: "RecordEntries",
                column: "AppointmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RecordEntries_PatientId_UpdatedAt",
                table: "RecordEntries",
                columns: new[] { "PatientId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordEntryVersions_EntryId_Number",
                table: "RecordEntryVersions",
                columns: new[] { "EntryId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_AccountId",
                table: "RefreshTokens",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_ExpiresAt",
                table: "RefreshTokens",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_FamilyId",
                table: "RefreshTokens",
                column: "FamilyId");

            migrationBuilder.CreateIndex(
                name: "IX_SlotHolds_AppointmentTypeId",
                table: "SlotHolds",
                column: "AppointmentTypeId");

            migrationBuilder.CreateIndex(
                name: "IX_SlotHolds_ClinicId",
                table: "SlotHolds",
                column: "ClinicId");

            migrationBuilder.CreateIndex(
                name: "IX_SlotHolds_DoctorId_Start",
                table: "SlotHolds",
                columns: new[] { "DoctorId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_SlotHolds_ExpiresAt",
                table: "SlotHolds",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_SlotHolds_PatientId",
                table: "SlotHolds",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_Specialties_Name",
                table: "Specialties",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Specialties_Slug",
                table: "Specialties",
                column: "Slug",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_TimeOff_DoctorId_End",
                table: "TimeOff",
                columns: new[] { "DoctorId", "End" });

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyHours_ClinicId",
                table: "WeeklyHours",
                column: "ClinicId");

            migrationBuilder.CreateIndex(
                name: "IX_WeeklyHours_DoctorId_ClinicId",
                table: "WeeklyHours",
                columns: new[] { "DoctorId", "ClinicId" });

            // What EF Core cannot generate (ADR 0006 lists it; the tests named there fail without it).

            // The database's last guard for the booking invariants: whichever concurrent transaction commits second
            // loses, so two active appointments of one doctor (with buffers) or of one patient can never overlap.
            // Holds may not overlap each other either. The statuses are those of AppointmentStatusRules.Active.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS btree_gist;");
            migrationBuilder.Sql("""
                ALTER TABLE "Appointments" ADD CONSTRAINT "EX_Appointments_Doctor_NoOverlap"
                EXCLUDE USING gist ("DoctorId" WITH =, tstzrange("Start", "BlockedUntil", '[)') WITH &&)
                WHERE ("Status" IN ('Requested', 'Confirmed'));
                """);
            migrationBuilder.Sql("""
                ALTER TABLE "Appointments" ADD CONSTRAINT "EX_Appointments_Patient_NoOverlap"
                EXCLUDE USING gist ("PatientId" WITH =, tstzrange("Start", "End", '[)') WITH &&)
                WHERE ("Status" IN ('Requested', 'Confirmed'));
                """);
            migrationBuilder.Sql("""
                ALTER TABLE "SlotHolds" ADD CONSTRAINT "EX_SlotHolds_Doctor_NoOverlap"
                EXCLUDE USING gist ("DoctorId" WITH =, tstzrange("Start", "BlockedUntil", '[)') WITH &&);
                """);

            // Name search is LIKE '%term%' on the folded search key: only a trigram index can serve a leading wildcard.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("""CREATE INDEX "IX_Doctors_SearchKey_Trigram" ON "Doctors" USING gin ("SearchKey" gin_trgm_ops);""");
            // The administrators' appointment list finds patients by part of a name or e-mail address the same way.
            migrationBuilder.Sql("""CREATE INDEX "IX_AspNetUsers_FullName_Trigram" ON "AspNetUsers" USING gin ("FullName" gin_trgm_ops);""");
            migrationBuilder.Sql("""CREATE INDEX "IX_AspNetUsers_NormalizedEmail_Trigram" ON "AspNetUsers" USING gin ("NormalizedEmail" gin_trgm_ops);""");

            // Every instance LISTENs on this channel (DoctorTimeListener) and evicts its caches; a notice is delivered at
            // commit, never for a rollback, and repeats within one transaction are sent once.
            migrationBuilder.Sql("""
                CREATE FUNCTION careslot_doctor_time_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- A visit handed over to a colleague frees the first doctor's time as it takes the second's.
                    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD."DoctorId" IS DISTINCT FROM NEW."DoctorId") THEN
                        PERFORM pg_notify('careslot_doctor_time', TG_ARGV[0] || ':' || OLD."DoctorId");
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
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

            // The audit trail's append (AuditTrail, ADR 0014): take a free lane (else wait for the one given), move its
            // head, insert the row. The hash's canonical text is AuditHash's: the app sends its middle and the prefix.
            migrationBuilder.Sql("""
                CREATE FUNCTION careslot_audit_append(prefix text, middle text, any_lane integer, row_at timestamptz,
                    row_actor_id uuid, row_actor_role text, row_patient_id uuid, row_record text, row_action text, row_outcome text,
                    row_client_address text, row_correlation_id text)
                RETURNS void LANGUAGE plpgsql AS $$
                DECLARE
                    row_lane integer;
                    row_sequence bigint;
                    previous_hash text;
                    row_hash text;
                BEGIN
                    SELECT "Id", "Sequence" + 1, "Hash" INTO row_lane, row_sequence, previous_hash
                    FROM "AuditChainHead" ORDER BY "Id" LIMIT 1 FOR UPDATE SKIP LOCKED;
                    IF row_lane IS NULL THEN
                        SELECT "Id", "Sequence" + 1, "Hash" INTO row_lane, row_sequence, previous_hash
                        FROM "AuditChainHead" WHERE "Id" = any_lane FOR UPDATE;
                    END IF;
                    IF row_lane IS NULL THEN
                        RAISE EXCEPTION 'The audit trail''s chain heads are missing: the migrations did not run.';
                    END IF;
                    row_hash := encode(sha256(convert_to(prefix
                        || '|' || octet_length(row_lane::text) || ':' || row_lane::text
                        || '|' || octet_length(row_sequence::text) || ':' || row_sequence::text
                        || middle
                        || '|' || octet_length(previous_hash) || ':' || previous_hash, 'UTF8')), 'hex');
                    UPDATE "AuditChainHead" SET "Sequence" = row_sequence, "Hash" = row_hash WHERE "Id" = row_lane;
                    INSERT INTO "AuditTrail" ("Lane", "Sequence", "At", "ActorId", "ActorRole", "PatientId", "Record", "Action",
                        "Outcome", "ClientAddress", "CorrelationId", "PreviousHash", "Hash")
                    VALUES (row_lane, row_sequence, row_at, row_actor_id, row_actor_role, row_patient_id, row_record, row_action,
                        row_outcome, row_client_address, row_correlation_id, previous_hash, row_hash);
                END $$;
                """);

            // Hours at a retired clinic offer no slots (DoctorSchedule): every instance drops its cached schedules when a
            // clinic is retired or reinstated, as when its zone changes.
            migrationBuilder.Sql("""
                CREATE TRIGGER "Clinics_RetiredChanged" AFTER UPDATE ON "Clinics"
                FOR EACH ROW WHEN (OLD."RetiredAt" IS DISTINCT FROM NEW."RetiredAt") EXECUTE FUNCTION careslot_clinic_zone_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, _) in DoctorTables) migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_DoctorTimeChanged" ON "{table}";""");
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "Doctors_ListingChanged" ON "Doctors";
                DROP TRIGGER IF EXISTS "Clinics_ZoneChanged" ON "Clinics";
                DROP TRIGGER IF EXISTS "Clinics_RetiredChanged" ON "Clinics";
                DROP FUNCTION IF EXISTS careslot_doctor_time_changed();
                DROP FUNCTION IF EXISTS careslot_doctor_listing_changed();
                DROP FUNCTION IF EXISTS careslot_clinic_zone_changed();
                DROP FUNCTION IF EXISTS careslot_audit_append(text, text, integer, timestamptz, uuid, text, uuid, text, text, text, text, text);
                """);

            migrationBuilder.DropTable(
                name: "AccountAdminActions");

            migrationBuilder.DropTable(
                name: "AppointmentEvents");

            migrationBuilder.DropTable(
                name: "AppointmentHistory");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditChainHead");

            migrationBuilder.DropTable(
                name: "AuditTrail");

            migrationBuilder.DropTable(
                name: "BookingRules");

            migrationBuilder.DropTable(
                name: "BreakGlassAccesses");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DisputeFiles");

            migrationBuilder.DropTable(
                name: "DoctorAvailability");

            migrationBuilder.DropTable(
                name: "DoctorClinics");

            migrationBuilder.DropTable(
                name: "DoctorDecisions");

            migrationBuilder.DropTable(
                name: "DoctorFreeDays");

            migrationBuilder.DropTable(
                name: "DoctorSpecialties");

            migrationBuilder.DropTable(
                name: "ExtraHours");

            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropTable(
                name: "MessageAttachments");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "PhoneVerifications");

            migrationBuilder.DropTable(
                name: "RecordEntryVersions");

            migrationBuilder.DropTable(
                name: "RefreshTokens");

            migrationBuilder.DropTable(
                name: "SlotHolds");

            migrationBuilder.DropTable(
                name: "TechnicalProblems");

            migrationBuilder.DropTable(
                name: "TimeOff");

            migrationBuilder.DropTable(
                name: "WeeklyHours");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "DisputeSteps");

            migrationBuilder.DropTable(
                name: "Specialties");

            migrationBuilder.DropTable(
                name: "Messages");

            migrationBuilder.DropTable(
                name: "RecordEntries");

            migrationBuilder.DropTable(
                name: "Disputes");

            migrationBuilder.DropTable(
                name: "Conversations");

            migrationBuilder.DropTable(
                name: "Appointments");

            migrationBuilder.DropTable(
                name: "AppointmentTypes");

            migrationBuilder.DropTable(
                name: "Clinics");

            migrationBuilder.DropTable(
                name: "Doctors");

            migrationBuilder.DropTable(
                name: "AspNetUsers");
        }
    }
}
