define internal i64 @"snap_fork.f0"(i64 %".1", i64 %".2", i64 %".3")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  %"l2" = alloca i64
  store i64 %".2", i64* %"l0"
  store i64 %".3", i64* %"l1"
  store i64 -1407374883553280, i64* %"l2"
  %".8" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".9" = getelementptr inbounds {i64, i64}, {i64, i64}* %".8", i32 0, i32 0
  %".10" = load i64, i64* %".9"
  %".11" = getelementptr inbounds {i64, i64}, {i64, i64}* %".8", i32 0, i32 1
  %".12" = load i64, i64* %".11"
  %".13" = call i8* @"llvm.stacksave"()
  %".14" = ptrtoint i8* %".13" to i64
  %".15" = icmp ugt i64 %".14", %".10"
  %".16" = icmp slt i64 %".1", %".12"
  %".17" = and i1 %".15", %".16"
  br i1 %".17", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_fork.reason"
  ret i64 -281474976710656
L0:
  %".22" = load i64, i64* %"l0"
  %".23" = load i64, i64* @"rt_sym.A"
  %".24" = icmp eq i64 %".22", %".23"
  br i1 %".24", label %"const", label %"const_not"
L3:
  br label %"L5"
L5:
  %".57" = load i64, i64* %"l1"
  %".58" = lshr i64 %".57", 48
  %".59" = icmp eq i64 %".58", 65528
  %".60" = lshr i64 %".57", 1
  %".61" = icmp eq i64 %".60", 9222386874436288512
  %".62" = or i1 %".59", %".61"
  %".63" = lshr i64 %".57", 51
  %".64" = icmp ne i64 %".63", 8191
  %".65" = or i1 %".62", %".64"
  %".66" = xor i1 %".65", -1
  br i1 %".66", label %"L5.if", label %"L5.endif", !prof !1
L8:
  %".72" = load i64, i64* %"l0"
  %".73" = lshr i64 %".72", 48
  %".74" = icmp eq i64 %".73", 65533
  br i1 %".74", label %"expr_handle", label %"L19"
L11:
  %".157" = load i64, i64* %"l2"
  %".158" = lshr i64 %".157", 48
  %".159" = icmp eq i64 %".158", 65528
  %".160" = lshr i64 %".157", 1
  %".161" = icmp eq i64 %".160", 9222386874436288512
  %".162" = or i1 %".159", %".161"
  %".163" = lshr i64 %".157", 51
  %".164" = icmp ne i64 %".163", 8191
  %".165" = or i1 %".162", %".164"
  %".166" = xor i1 %".165", -1
  br i1 %".166", label %"L11.if", label %"L11.endif", !prof !1
L19:
  %".191" = load i64, i64* %"l0"
  %".192" = load i64, i64* %"l1"
  %".193" = load i64, i64* @"rt_sym.pick"
  %".194" = call i8* @"rt_new_tuple"(i64 3)
  %".195" = icmp eq i8* %".194", null
  br i1 %".195", label %"L19.if", label %"L19.endif", !prof !1
const:
  br label %"L3"
const_not:
  %".26" = lshr i64 %".22", 48
  %".27" = icmp eq i64 %".26", 65532
  %".28" = lshr i64 %".22", 48
  %".29" = icmp eq i64 %".28", 65531
  %".30" = or i1 %".27", %".29"
  %".31" = lshr i64 %".22", 48
  %".32" = icmp eq i64 %".31", 65530
  %".33" = or i1 %".30", %".32"
  %".34" = lshr i64 %".22", 48
  %".35" = icmp eq i64 %".34", 65528
  %".36" = lshr i64 %".22", 48
  %".37" = icmp eq i64 %".36", 65529
  %".38" = lshr i64 %".22", 51
  %".39" = icmp ne i64 %".38", 8191
  %".40" = or i1 %".37", %".39"
  %".41" = or i1 %".35", %".40"
  %".42" = or i1 %".33", %".41"
  %".43" = lshr i64 %".22", 48
  %".44" = icmp eq i64 %".43", 65533
  br i1 %".42", label %"L8", label %"const_handle"
const_handle:
  br i1 %".44", label %"const_handle_not", label %"bail_term"
const_handle_not:
  %".49" = and i64 %".22", 281474976710655
  %".50" = add i64 %".49", 8
  %".51" = inttoptr i64 %".50" to i64*
  %".52" = load i64, i64* %".51"
  %".53" = icmp eq i64 %".52", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".53", label %"L8", label %"bail_term"
bail_term:
  store i32 10, i32* @"snap_fork.reason"
  ret i64 -281474976710656
L5.if:
  %".68" = call i1 @"rt_word_inert"(i64 %".57")
  br i1 %".68", label %"ok_term", label %"bail_term", !prof !0
L5.endif:
  ret i64 %".57"
ok_term:
  br label %"L5.endif"
expr_handle:
  %".76" = and i64 %".72", 281474976710655
  %".77" = add i64 %".76", 8
  %".78" = inttoptr i64 %".77" to i64*
  %".79" = load i64, i64* %".78"
  %".80" = icmp eq i64 %".79", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".80", label %"expr_type", label %"L19"
expr_type:
  %".82" = add i64 %".76", 40
  %".83" = inttoptr i64 %".82" to i64*
  %".84" = load i64, i64* %".83"
  %".85" = add i64 %".84", 16
  %".86" = inttoptr i64 %".85" to i64*
  %".87" = load i64, i64* %".86"
  %".88" = icmp eq i64 %".87", 3
  br i1 %".88", label %"expr_len", label %"L19"
expr_len:
  %".90" = add i64 %".84", 24
  %".91" = inttoptr i64 %".90" to i8**
  %".92" = load i8*, i8** %".91"
  %".93" = call i64 @"rt_unbox_child"(i8* %".92")
  %".94" = load i64, i64* @"rt_sym.B"
  %".95" = icmp eq i64 %".93", %".94"
  br i1 %".95", label %"const.1", label %"const_not.1"
const.1:
  %".124" = add i64 %".84", 32
  %".125" = inttoptr i64 %".124" to i8**
  %".126" = load i8*, i8** %".125"
  %".127" = call i64 @"rt_unbox_child"(i8* %".126")
  %".128" = add i64 %".84", 40
  %".129" = inttoptr i64 %".128" to i8**
  %".130" = load i8*, i8** %".129"
  %".131" = call i64 @"rt_unbox_child"(i8* %".130")
  %".132" = icmp eq i64 %".131", -2251799813685241
  br i1 %".132", label %"const.2", label %"const_not.2"
const_not.1:
  %".97" = lshr i64 %".93", 48
  %".98" = icmp eq i64 %".97", 65532
  %".99" = lshr i64 %".93", 48
  %".100" = icmp eq i64 %".99", 65531
  %".101" = or i1 %".98", %".100"
  %".102" = lshr i64 %".93", 48
  %".103" = icmp eq i64 %".102", 65530
  %".104" = or i1 %".101", %".103"
  %".105" = lshr i64 %".93", 48
  %".106" = icmp eq i64 %".105", 65528
  %".107" = lshr i64 %".93", 48
  %".108" = icmp eq i64 %".107", 65529
  %".109" = lshr i64 %".93", 51
  %".110" = icmp ne i64 %".109", 8191
  %".111" = or i1 %".108", %".110"
  %".112" = or i1 %".106", %".111"
  %".113" = or i1 %".104", %".112"
  %".114" = lshr i64 %".93", 48
  %".115" = icmp eq i64 %".114", 65533
  br i1 %".113", label %"L19", label %"const_handle.1"
const_handle.1:
  br i1 %".115", label %"const_handle_not.1", label %"bail_term"
const_handle_not.1:
  %".118" = and i64 %".93", 281474976710655
  %".119" = add i64 %".118", 8
  %".120" = inttoptr i64 %".119" to i64*
  %".121" = load i64, i64* %".120"
  %".122" = icmp eq i64 %".121", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".122", label %"L19", label %"bail_term"
const.2:
  store i64 %".127", i64* %"l2"
  br label %"L11"
const_not.2:
  %".134" = lshr i64 %".131", 48
  %".135" = icmp eq i64 %".134", 65532
  %".136" = lshr i64 %".131", 48
  %".137" = icmp eq i64 %".136", 65531
  %".138" = or i1 %".135", %".137"
  %".139" = lshr i64 %".131", 48
  %".140" = icmp eq i64 %".139", 65530
  %".141" = or i1 %".138", %".140"
  %".142" = lshr i64 %".131", 48
  %".143" = icmp eq i64 %".142", 65528
  %".144" = or i1 %".141", %".143"
  %".145" = lshr i64 %".131", 48
  %".146" = icmp eq i64 %".145", 65533
  br i1 %".144", label %"L19", label %"const_handle.2"
const_handle.2:
  br i1 %".146", label %"const_handle_not.2", label %"bail_term"
const_handle_not.2:
  %".149" = and i64 %".131", 281474976710655
  %".150" = add i64 %".149", 8
  %".151" = inttoptr i64 %".150" to i64*
  %".152" = load i64, i64* %".151"
  %".153" = icmp eq i64 %".152", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".153", label %"L19", label %"bail_term"
L11.if:
  %".168" = call i1 @"rt_word_inert"(i64 %".157")
  br i1 %".168", label %"ok_term.1", label %"bail_term", !prof !0
L11.endif:
  %".171" = load i64, i64* %"l1"
  %".172" = lshr i64 %".171", 48
  %".173" = icmp eq i64 %".172", 65528
  %".174" = lshr i64 %".171", 1
  %".175" = icmp eq i64 %".174", 9222386874436288512
  %".176" = or i1 %".173", %".175"
  %".177" = lshr i64 %".171", 51
  %".178" = icmp ne i64 %".177", 8191
  %".179" = or i1 %".176", %".178"
  %".180" = xor i1 %".179", -1
  br i1 %".180", label %"L11.endif.if", label %"L11.endif.endif", !prof !1
ok_term.1:
  br label %"L11.endif"
L11.endif.if:
  %".182" = call i1 @"rt_word_inert"(i64 %".171")
  br i1 %".182", label %"ok_term.2", label %"bail_term", !prof !0
L11.endif.endif:
  %".185" = call i1 @"rt_word_callable"(i64 %".157")
  br i1 %".185", label %"ok_term.3", label %"bail_term", !prof !0
ok_term.2:
  br label %"L11.endif.endif"
ok_term.3:
  %".187" = call i1 @"rt_word_callable"(i64 %".171")
  br i1 %".187", label %"ok_term.4", label %"bail_term", !prof !0
ok_term.4:
  %".189" = musttail call i64 @"snap_fork.f1"(i64 %".1", i64 %".157", i64 %".171")
  ret i64 %".189"
L19.if:
  call void @"PyErr_Clear"()
  br label %"L19.endif"
L19.endif:
  %".199" = xor i1 %".195", -1
  br i1 %".199", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_no_memory:
  %".203" = ptrtoint i8* %".194" to i64
  %".204" = add i64 %".203", 24
  %".205" = call i8* @"rt_own_word"(i64 %".193")
  %".206" = icmp eq i8* %".205", null
  br i1 %".206", label %"ok_no_memory.if", label %"ok_no_memory.endif", !prof !1
bail_no_memory:
  store i32 7, i32* @"snap_fork.reason"
  ret i64 -281474976710656
ok_no_memory.if:
  call void @"Py_DecRef"(i8* %".194")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif:
  %".212" = add i64 %".204", 0
  %".213" = inttoptr i64 %".212" to i8**
  store i8* %".205", i8** %".213"
  %".215" = call i8* @"rt_own_word"(i64 %".191")
  %".216" = icmp eq i8* %".215", null
  br i1 %".216", label %"ok_no_memory.endif.if", label %"ok_no_memory.endif.endif", !prof !1
dead:
  br label %"ok_no_memory.endif"
ok_no_memory.endif.if:
  call void @"Py_DecRef"(i8* %".194")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif.endif:
  %".222" = add i64 %".204", 8
  %".223" = inttoptr i64 %".222" to i8**
  store i8* %".215", i8** %".223"
  %".225" = call i8* @"rt_own_word"(i64 %".192")
  %".226" = icmp eq i8* %".225", null
  br i1 %".226", label %"ok_no_memory.endif.endif.if", label %"ok_no_memory.endif.endif.endif", !prof !1
dead.1:
  br label %"ok_no_memory.endif.endif"
ok_no_memory.endif.endif.if:
  call void @"Py_DecRef"(i8* %".194")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif.endif.endif:
  %".232" = add i64 %".204", 16
  %".233" = inttoptr i64 %".232" to i8**
  store i8* %".225", i8** %".233"
  %".235" = call i8* @"rt_new_expression"(i8* %".194")
  %".236" = icmp eq i8* %".235", null
  br i1 %".236", label %"ok_no_memory.endif.endif.endif.if", label %"ok_no_memory.endif.endif.endif.endif", !prof !1
dead.2:
  br label %"ok_no_memory.endif.endif.endif"
ok_no_memory.endif.endif.endif.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.endif.endif.endif.endif"
ok_no_memory.endif.endif.endif.endif:
  %".240" = xor i1 %".236", -1
  br i1 %".240", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
ok_no_memory.1:
  %".242" = ptrtoint i8* %".235" to i64
  %".243" = or i64 %".242", -844424930131968
  ret i64 %".243"
}
