namespace CareSlot.Bench.Generate;

/// <param name="BookingPatients">Patients given no generated appointments, kept for the booking load so that no limit or overlap rejects them.</param>
public sealed record GenerateOptions(string Connection, int Doctors, int Patients, int Appointments, int BookingPatients,
    string OutDirectory, bool Reset, int Seed)
{
    /// <summary>Every generated patient signs in with this; it is a load-test fixture, not a secret.</summary>
    public const string PatientPassword = "bench-patient-password";

    public static GenerateOptions From(Arguments arguments)
    {
        var small = arguments.Flag("small");
        var connection = arguments.Text("connection") ?? Environment.GetEnvironmentVariable("BENCH_CONNECTION")
            ?? throw new ArgumentException("--connection (or BENCH_CONNECTION) is required, e.g. \"Host=127.0.0.1;Port=55432;Username=postgres;Database=careslot_bench\".");
        var doctors = arguments.Number("doctors", small ? 500 : 10_000);
        var patients = arguments.Number("patients", small ? 10_000 : 200_000);
        var appointments = arguments.Number("appointments", small ? 50_000 : 1_000_000);
        var bookingPatients = arguments.Number("booking-patients", Math.Min(2_000, patients / 5));
        var options = new GenerateOptions(connection, doctors, patients, appointments, bookingPatients,
            arguments.Text("out", "bench/out"), arguments.Flag("reset"), arguments.Number("seed", 20261124));
        arguments.RejectUnknown();
        if (bookingPatients >= patients) throw new ArgumentException("--booking-patients must be fewer than --patients.");
        return options;
    }
}
