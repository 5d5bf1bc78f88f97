using RealName.Cli;
using RealName.Cli.Interactive;

Repl? prompt = null;
// At the interactive prompt Ctrl-C stops the running command only; with nothing running it ends the tool.
Console.CancelKeyPress += (_, e) => e.Cancel = prompt?.CancelCurrent() ?? false;
return await CliApp.RunAsync(args, CliIO.ForProcess(), CancellationToken.None, repl => prompt = repl);
