; Inno Setup 6 recipe for the Windows installer of Callback Desk (回访台).
;
; Built by packaging/build.py, which passes the version (from pyproject.toml), the one-folder
; bundle and the icon:  iscc /DAppVersion=0.1.0 /DSourceDir=...\dist\callback-desk
;                            /DIconFile=...\resources\icons\app.ico callback-desk.iss
;
; - Installs for the current user only, without administrator rights (PrivilegesRequired=lowest:
;   {autopf} is %LOCALAPPDATA%\Programs), with a Start-menu entry.
; - "Start Callback Desk when I log in" writes the same Run value the app's own setting writes
;   (HKCU\...\Run\Callback Desk = "<exe>" --minimised), so either place can switch it off.
; - Installing a newer version over an older one upgrades in place (same AppId, same folder); the
;   data and settings live in %LOCALAPPDATA%\callback-desk, outside the program folder.
; - The uninstaller keeps that data folder unless "Also remove my data" is ticked.
; - Chinese (Simplified) is offered beside English. Its texts are Inno Setup's own official
;   translation since Inno Setup 7.0.2 (Languages\ChineseSimplified.isl in the compiler's
;   folder; the CI workflow installs Inno Setup 7). With an older Inno Setup, a
;   ChineseSimplified.isl placed beside this script is used instead; without either the installer
;   is in English only.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\callback-desk"
#endif
#ifndef IconFile
  #define IconFile "..\..\resources\icons\app.ico"
#endif
#define AppName "Callback Desk"
#define AppExe "callback-desk.exe"
#define DataFolder "callback-desk"
#define RunValue "Callback Desk"

[Setup]
; Never change the AppId: it is how an upgrade finds the installed version.
AppId={{6F1C3B52-8E7A-4C39-9D0B-3A4F2E61C7D5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} Setup
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
UsePreviousTasks=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Close a running Callback Desk before replacing its files, and start it again afterwards.
CloseApplications=yes
RestartApplications=no
OutputBaseFilename=callback-desk-{#AppVersion}-setup
#ifdef Sign
; Sign Setup and the uninstaller it embeds: build.py defines Sign and passes the Sign Tool's
; command (iscc /Scallbackdesk=…) when a certificate is given.
SignTool=callbackdesk
SignedUninstaller=yes
#endif
ShowLanguageDialog=auto

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
  #define HaveChinese
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"
  #define HaveChinese
#endif

[CustomMessages]
english.StartAtLogin=Start Callback Desk when I log in (in the tray)
english.OtherTasks=Other options:
english.RemoveDataTitle=Uninstall Callback Desk
english.RemoveDataText=Callback Desk will be removed from this computer. Your data (the database, settings, logs and backups in %1) is kept, so that a reinstall finds it again.
english.RemoveDataCheck=Also remove my data (this cannot be undone)
english.LaunchApp=Start Callback Desk now
#ifdef HaveChinese
chinesesimplified.StartAtLogin=登录时启动回访台（在托盘中）
chinesesimplified.OtherTasks=其他选项：
chinesesimplified.RemoveDataTitle=卸载回访台
chinesesimplified.RemoveDataText=将从本电脑移除回访台。您的数据（%1 中的数据库、设置、日志和备份）会保留，重新安装后仍可使用。
chinesesimplified.RemoveDataCheck=同时删除我的数据（无法恢复）
chinesesimplified.LaunchApp=立即启动回访台
#endif

[Tasks]
Name: "startatlogin"; Description: "{cm:StartAtLogin}"; GroupDescription: "{cm:OtherTasks}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle's libraries: drop the old ones first so that none is left over.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"

[Registry]
; The same value the app writes when "Start at login" is switched on in its Settings.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#RunValue}"; ValueData: """{app}\{#AppExe}"" --minimised"; Tasks: startatlogin; Flags: uninsdeletevalue
; The callback-desk: URL scheme: a softphone that opens callback-desk:ring?number=… hands the
; caller ID to the app (the app turns the address into "callback-desk ring NUMBER").
Root: HKA; Subkey: "Software\Classes\callback-desk"; ValueType: string; ValueName: ""; ValueData: "URL:Callback Desk ring"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\callback-desk"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\callback-desk\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\callback-desk\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[Code]
var
  RemoveData: Boolean;

function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolder}');
end;

{ Ask, before uninstalling, whether the data folder goes too; unticked by default. Cancel stops
  the uninstall. A silent uninstall always keeps the data. }
function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  Info: TNewStaticText;
  Check: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  Result := True;
  RemoveData := False;
  if UninstallSilent then
    Exit;
#if Ver >= EncodeVer(6, 6, 0)
  Form := CreateCustomForm(ScaleX(420), ScaleY(170), False, False);
#else
  Form := CreateCustomForm();
  Form.ClientWidth := ScaleX(420);
  Form.ClientHeight := ScaleY(170);
#endif
  try
    Form.Caption := CustomMessage('RemoveDataTitle');

    Info := TNewStaticText.Create(Form);
    Info.Parent := Form;
    Info.Left := ScaleX(16);
    Info.Top := ScaleY(16);
    Info.Width := Form.ClientWidth - ScaleX(32);
    Info.AutoSize := False;
    Info.WordWrap := True;
    Info.Height := ScaleY(64);
    Info.Caption := FmtMessage(CustomMessage('RemoveDataText'), [DataDir()]);

    Check := TNewCheckBox.Create(Form);
    Check.Parent := Form;
    Check.Left := ScaleX(16);
    Check.Top := Info.Top + Info.Height + ScaleY(12);
    Check.Width := Form.ClientWidth - ScaleX(32);
    Check.Height := ScaleY(20);
    Check.Caption := CustomMessage('RemoveDataCheck');
    Check.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Width := ScaleX(90);
    OkButton.Height := ScaleY(26);
    OkButton.Left := Form.ClientWidth - ScaleX(16 + 90 + 8 + 90);
    OkButton.Top := Form.ClientHeight - ScaleY(26 + 14);
    OkButton.Caption := SetupMessage(msgButtonOK);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Width := ScaleX(90);
    CancelButton.Height := ScaleY(26);
    CancelButton.Left := Form.ClientWidth - ScaleX(16 + 90);
    CancelButton.Top := OkButton.Top;
    CancelButton.Caption := SetupMessage(msgButtonCancel);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Form.ActiveControl := OkButton;
    Result := Form.ShowModal() = mrOk;
    RemoveData := Result and Check.Checked;
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
  begin
    { The app's own "Start at login" writes this value too: never leave it pointing nowhere. }
    RegDeleteValue(HKCU, 'Software\Microsoft\Windows\CurrentVersion\Run', '{#RunValue}');
    if RemoveData then
      DelTree(DataDir(), True, True, True);
  end;
end;
