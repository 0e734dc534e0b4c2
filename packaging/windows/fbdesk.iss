; Inno Setup script: a per-user installer (no administrator rights) for the one-folder bundle.
; Build on Windows after packaging/build.sh:  iscc /DAppVersion=0.1.0 packaging\windows\fbdesk.iss
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6F1B3C52-2D7B-4F0E-9C1E-5A3B8D2E7F40}
AppName=fbdesk
AppVersion={#AppVersion}
AppPublisher=fbdesk
DefaultDirName={autopf}\fbdesk
DefaultGroupName=fbdesk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\build\installer
OutputBaseFilename=fbdesk-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\fbdesk.ico
UninstallDisplayIcon={app}\fbdesk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
DisableProgramGroupPage=yes

[Files]
Source: "..\..\build\dist\fbdesk\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{autoprograms}\fbdesk"; Filename: "{app}\fbdesk.exe"
Name: "{autodesktop}\fbdesk"; Filename: "{app}\fbdesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

; .fbdesk files open in fbdesk. HKA is HKCU for a per-user install, HKLM for an all-users one.
[Registry]
Root: HKA; Subkey: "Software\Classes\.fbdesk"; ValueType: string; ValueName: ""; ValueData: "fbdesk.Workspace"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\fbdesk.Workspace"; ValueType: string; ValueName: ""; ValueData: "fbdesk workspace"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\fbdesk.Workspace\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\fbdesk.exe,0"
Root: HKA; Subkey: "Software\Classes\fbdesk.Workspace\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\fbdesk.exe"" ""%1"""

[Run]
Filename: "{app}\fbdesk.exe"; Description: "Start fbdesk"; Flags: nowait postinstall skipifsilent
