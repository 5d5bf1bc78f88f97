using RealName.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRealName();

var app = builder.Build();
app.MapRealName();
app.Run();

/// <summary>Entry point; public so tests can start the real host.</summary>
public partial class Program;
