using RealName.Host.Configuration;
using RealName.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddRealName();
}
catch (StartRefusedException refused)
{
    // One line per refused setting, no stack trace: the operator's fix is in the configuration.
    Console.Error.WriteLine(refused.Message);
    return StartRefusedException.ExitCode;
}

var app = builder.Build();
app.MapRealName();
app.Run();
return 0;

/// <summary>Entry point; public so tests can start the real host.</summary>
public partial class Program;
