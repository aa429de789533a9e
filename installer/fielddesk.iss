; Inno Setup script for FieldDesk (フィールドデスク): a per-user install, no admin rights.
;
; Build on Windows after `python installer\build.py` has made dist\fielddesk\:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\fielddesk.iss
; The installer lands in dist\installer\FieldDesk-Setup-<version>.exe.
;
; Data is never touched: the store, settings, logs and backups live in the per-user data folder
; (%LOCALAPPDATA%\FieldDesk), outside {app}, and nothing below deletes it, so an uninstall or an
; upgrade keeps every record. Staff remove that folder by hand only when they mean to.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "FieldDesk"
#define AppNameJa "フィールドデスク"
#define BundleDir "..\dist\fielddesk"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{6F1C2B8E-3D4A-4E8B-9C1F-5A7D2E0B4C61}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=FieldDesk team
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} ({#AppNameJa}) setup
; Per-user: installs into %LOCALAPPDATA%\Programs\FieldDesk without asking for admin rights.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\dist\installer
OutputBaseFilename=FieldDesk-Setup-{#AppVersion}
SetupIconFile=..\resources\icons\fielddesk.ico
UninstallDisplayIcon={app}\FieldDesk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; A running FieldDesk holds its files open: ask to close it rather than fail half-way.
CloseApplications=yes

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: FieldDesk.exe (windowed), fielddesk-cli.exe (console) and _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\FieldDesk.exe"; Comment: "{#AppNameJa}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\FieldDesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\FieldDesk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No UninstallDelete section on purpose: the uninstaller removes only the files it installed.
