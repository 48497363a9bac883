using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.AspNetCore.Authorization;

namespace CareSlot.Web.Features.Records;

public static class RecordsRegistration
{
    public static IHostApplicationBuilder AddRecords(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RecordsOptions>().BindConfiguration(RecordsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services
            .AddScoped<CareRelationships>()
            .AddScoped<BreakGlass>()
            .AddScoped<IAuthorizationHandler, PatientRecordAuthorizationHandler>()
            .AddScoped<IAuthorizationHandler, RecordEntryAuthorizationHandler>()
            .AddScoped<IAuthorizationHandler, VisitNoteAuthorizationHandler>()
            .AddScoped<RecordGate>()
            .AddScoped<PatientRecords>()
            .AddScoped<WriteRecord>()
            .AddScoped<DoctorPatients>()
            .AddScoped<OpenBreakGlass>()
            .AddScoped<CompleteVisit>()
            .AddEncryptedColumn<RecordEntryVersion>(RecordEntryVersion.ContentColumn)
            .AddEncryptedColumn<RecordEntryVersion>(RecordEntryVersion.AmendmentReasonColumn);
        return builder;
    }
}
